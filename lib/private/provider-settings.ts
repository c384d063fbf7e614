import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DEFAULT_POLL_INTERVAL_SECONDS, MAX_TIMEOUT_SECONDS } from '../../contract';
import type { CutoverProviderProps } from '../cutover-provider-props';

/** The provider settings these rules read (the props file imports nothing of the construct, so no circle). */
export type ProviderSettings = CutoverProviderProps;

export const DEFAULT_MEMORY_SIZE = 256;
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;
/** A log group's own default: logs outlive the stack, as they always have. */
export const DEFAULT_LOG_REMOVAL_POLICY = RemovalPolicy.RETAIN;
export const DEFAULT_QUERY_INTERVAL = Duration.seconds(DEFAULT_POLL_INTERVAL_SECONDS);

// Lambda's memory range (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
const MIN_MEMORY_MB = 128;
const MAX_MEMORY_MB = 10240;

/** Refuses settings that cannot work, naming the prop; call it before creating children. */
export function validateProviderSettings(props: ProviderSettings): void {
  const { memorySize, queryInterval } = props;
  if (memorySize !== undefined && !Token.isUnresolved(memorySize)) {
    if (!Number.isInteger(memorySize) || memorySize < MIN_MEMORY_MB || memorySize > MAX_MEMORY_MB) {
      throw new Error(`"memorySize" is ${memorySize}; Lambda accepts a whole number of MB from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}`);
    }
  }
  if (!props.vpc && (props.vpcSubnets || props.securityGroups)) {
    throw new Error(`"${props.vpcSubnets ? 'vpcSubnets' : 'securityGroups'}" only applies to VPC-attached handlers; set "vpc" as well, or remove it`);
  }
  if (queryInterval !== undefined) {
    if (queryInterval.isUnresolved()) {
      throw new Error('"queryInterval" is a token; pass a literal Duration such as Duration.seconds(10): it also sets the operations\' ServiceTimeout at synth time');
    }
    const ms = queryInterval.toMilliseconds();
    if (ms % 1000 !== 0 || ms < 1000 || ms > (MAX_TIMEOUT_SECONDS / 2) * 1000) {
      throw new Error(
        `"queryInterval" is ${queryInterval.toHumanString()}; give whole seconds from 1 second to ${MAX_TIMEOUT_SECONDS / 120} minutes ` +
          '(two polls must fit in the one hour CloudFormation waits for a custom resource)',
      );
    }
  }
}

/**
 * The Provider framework's total timeout: one poll past the longest operation timeout, rounded up to
 * whole polls (the framework requires a whole number of polls).
 */
export function frameworkTotalTimeout(queryInterval: Duration): Duration {
  const poll = queryInterval.toSeconds();
  return Duration.seconds((Math.ceil(MAX_TIMEOUT_SECONDS / poll) + 1) * poll);
}

/** The names of the settings in which two providers differ (defaults applied). */
export function differingSettings(stack: Stack, a: ProviderSettings, b: ProviderSettings): string[] {
  const normal = (s: ProviderSettings): Record<string, unknown> =>
    stack.resolve({
      memorySize: s.memorySize ?? DEFAULT_MEMORY_SIZE,
      logRetention: s.logRetention ?? DEFAULT_LOG_RETENTION,
      logRemovalPolicy: s.logRemovalPolicy ?? DEFAULT_LOG_REMOVAL_POLICY,
      vpc: s.vpc?.vpcId ?? null,
      vpcSubnets: s.vpc ? s.vpc.selectSubnets(s.vpcSubnets).subnetIds : null,
      securityGroups: (s.securityGroups ?? []).map((sg) => sg.securityGroupId),
      role: s.role?.roleArn ?? null,
      queryInterval: (s.queryInterval ?? DEFAULT_QUERY_INTERVAL).toSeconds(),
    });
  const [x, y] = [normal(a), normal(b)];
  return Object.keys(x).filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
}
