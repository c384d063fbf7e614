import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DEFAULT_TIMEOUT_SECONDS, LifecycleEvent, runOnProblem, type StepWaitShape, timeoutCeiling, timeoutProblem } from '../../contract';
import { CutoverProvider } from '../cutover-provider';
import { longWaitProblem } from './long-wait';
import { DEFAULT_QUERY_INTERVAL } from './provider-settings';
import { ProviderNetwork } from './vpc-access';

/**
 * The common props' rules and the provider choice, apart from the base class so that it stays a
 * shape users read. The props are taken by their shape (CutoverOperationProps), not by name, so
 * that this file does not import the construct that imports it.
 */
export interface CommonPropsToCheck {
  readonly runOn?: LifecycleEvent[];
  readonly waitForCompletion?: boolean;
  readonly timeout?: Duration;
  readonly provider?: { readonly queryInterval: Duration };
}

/** The common props' rules; the same ones the handler applies when it decodes them. */
export function validateCommonProps(props: CommonPropsToCheck): void {
  if (props.timeout?.isUnresolved()) {
    // It sets the custom resource's ServiceTimeout, which CloudFormation needs as a number.
    throw new Error('"timeout" is a token; pass a literal Duration such as Duration.minutes(30), because it also sets CloudFormation\'s ServiceTimeout at synth time');
  }
  const runOn = props.runOn === undefined ? undefined : runOnProblem(props.runOn);
  if (runOn) throw new Error(runOn);
}

/**
 * The "timeout" rule, once the construct's runOn (its default included) and undoOnRollback are
 * known: up to an hour, or up to 12 hours through a wait condition for a step whose ceiling
 * (contract/timeout-ceiling.ts) allows it.
 */
export function validateTimeout(props: CommonPropsToCheck, step: StepWaitShape): void {
  // The two-poll rule uses the interval of the provider the operation will run on, and also holds
  // for the default timeout: a provider's long queryInterval can rule that out.
  const poll = (props.provider?.queryInterval ?? DEFAULT_QUERY_INTERVAL).toSeconds();
  const seconds = props.timeout?.toSeconds() ?? DEFAULT_TIMEOUT_SECONDS;
  const shown = props.timeout?.toHumanString() ?? `${DEFAULT_TIMEOUT_SECONDS / 60} minutes (the default)`;
  const ceiling = timeoutCeiling(step);
  const long = longWaitProblem(seconds, shown, ceiling, poll);
  if (long) throw new Error(long);
  const timeout = timeoutProblem(seconds, poll, shown, ceiling.seconds);
  if (!timeout) return;
  const tooFewPolls = props.provider !== undefined && seconds < poll * 2;
  throw new Error(tooFewPolls ? `${timeout}; its provider polls every ${poll} seconds ("queryInterval"), so set a longer "timeout" or a shorter "queryInterval"` : timeout);
}

/** The construct's provider: the one given, or the stack's shared one (of its VPC placement). */
export function providerFor(scope: Construct, provider: CutoverProvider | undefined, network: ProviderNetwork | undefined): CutoverProvider {
  if (!provider) return CutoverProvider._getOrCreate(scope, network);
  if (network) {
    throw new Error('"vpc" and "provider" cannot both be set; place the provider in the VPC instead: new CutoverProvider(stack, \'Vpc\', { vpc })');
  }
  if (Stack.of(provider) !== Stack.of(scope)) {
    throw new Error(
      `"provider" ${provider.node.path} is in another stack than ${scope.node.path}; its permission policies must live and change ` +
        'with the operations that need them, so create a CutoverProvider in the same stack',
    );
  }
  return provider;
}
