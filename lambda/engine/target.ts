import { arnLocation, decodeTargetLocation, roleAccount, sessionNameFor, targetAccountProblem } from '../../contract';
import type { ClientOptions } from './clients';
import { OperationFailedError } from './errors';
import type { CutoverEvent } from './event';

/** A target named by its ARN, and the construct prop that gave it (messages quote it). */
export interface ArnTarget {
  readonly prop: string;
  readonly arn: string;
}

/** Where a target lives, and how the handler reaches it. */
export interface TargetPlace {
  /** What every client about the target is created with: the target's region and the role to assume. */
  readonly clients: ClientOptions;
  /** The region looked in, for messages ('' when neither the target nor the Lambda names one). */
  readonly region: string;
  /** The account looked in, for messages ('' when unknown). */
  readonly account: string;
}

/**
 * The account this handler runs in: CloudFormation's StackId (the stack of the resource, whose
 * provider runs the handler), else the ServiceToken (the provider's function).
 */
export function ownAccount(event: CutoverEvent & { readonly ServiceToken?: string }): string | undefined {
  return arnLocation(event.StackId ?? '')?.account ?? arnLocation(event.ServiceToken ?? '')?.account;
}

/**
 * Where the target of this event lives: an ARN's region and account, else the "Region" property
 * (else the Lambda's region) and the assumed role's account (else the handler's). A target ARN of
 * another account is only reached through a role of that account; without one, the handler fails
 * with a reason rather than look in its own account and report the target missing.
 */
export function locateTarget(event: CutoverEvent, byArn: ArnTarget | undefined, targetName: string): TargetPlace {
  const location = decodeTargetLocation(event.ResourceProperties ?? {});
  const own = ownAccount(event);
  const targetArn = byArn?.arn;
  const arn = targetArn ? arnLocation(targetArn) : undefined;
  if (byArn && targetArn && arn) {
    if (!own && !location.assumedRoleArn) {
      throw new OperationFailedError(`Cannot tell whether ${targetName} is in this handler's account: the event carries no StackId or ServiceToken ARN.`);
    }
    const problem = targetAccountProblem(byArn.prop, targetArn, own ?? arn.account, location.assumedRoleArn);
    if (problem) {
      throw new OperationFailedError(
        `${targetName} was not looked for, because this handler cannot see it with its own role (a NOT_FOUND would be false): ${problem}. Then retry the stack operation.`,
      );
    }
  }
  const region = arn?.region || location.region;
  const assumeRole = location.assumedRoleArn
    ? { roleArn: location.assumedRoleArn, externalId: location.externalId, sessionName: sessionNameFor(event.LogicalResourceId) }
    : undefined;
  return {
    clients: { ...(region ? { region } : {}), ...(assumeRole ? { assumeRole } : {}) },
    region: region ?? process.env.AWS_REGION ?? '',
    account: arn?.account ?? (location.assumedRoleArn ? roleAccount(location.assumedRoleArn) : own) ?? '',
  };
}

