/**
 * Where an AWS operation's target lives, shared by every AWS construct (lib/) and the handler
 * (lambda/): the region of a target that has no ARN, and the role (with its external id) through
 * which a target in another account is reached. The prop names are aws-cdk-lib AwsCustomResource's
 * (`assumedRoleArn`, `externalId`). A target with an ARN lives in the ARN's region and account.
 * STS constraints (RoleSessionName 2–64 of [\w+=,.@-], ExternalId 2–1224 of [\w+=,.@:/-]) are those
 * of the AWS STS API Reference for AssumeRole.
 */
import { checkLiteral, checkResolved, InvalidPropertyError, IsUnresolved } from './rules';

/** @internal */
export const TargetProps = {
  /** The region of a target without an ARN (absent: the stack's region). */
  REGION: 'Region',
  /** The role in the target's account the handler assumes (absent: its own role). */
  ASSUMED_ROLE_ARN: 'AssumedRoleArn',
  /** The external id that role's trust policy demands (only with AssumedRoleArn). */
  EXTERNAL_ID: 'ExternalId',
} as const;

/**
 * Where the target lives, as the construct was told.
 *
 * @internal
 */
export interface TargetLocationParams {
  readonly region?: string;
  readonly assumedRoleArn?: string;
  readonly externalId?: string;
}

// Region codes: two to four letters, one or more words, a number (us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1).
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ARN = /^arn:([^:]+):[^:]+:([^:]*):(\d{12}):/;
const SESSION_NAME_MAX = 64;

/**
 * The "region" rule.
 *
 * @internal
 */
export function awsRegionProblem(region: string): string | undefined {
  if (REGION.test(region)) return undefined;
  return `"region" is ${JSON.stringify(region)}; use an AWS region code like eu-west-1 (the region the target lives in), or leave it out for the stack's region`;
}

/**
 * The "assumedRoleArn" rule.
 *
 * @internal
 */
export function assumedRoleArnProblem(arn: string): string | undefined {
  if (ROLE_ARN.test(arn)) return undefined;
  return `"assumedRoleArn" is ${JSON.stringify(arn)}; use the ARN of an IAM role in the target's account, like arn:aws:iam::444455556666:role/cutover-target`;
}

/**
 * The "externalId" rule: STS's format, and only together with a role to assume.
 *
 * @internal
 */
export function externalIdProblem(externalId: string, hasAssumedRole: boolean): string | undefined {
  if (!hasAssumedRole) {
    return '"externalId" is only used when a role is assumed; set "assumedRoleArn" to the role in the target\'s account whose trust policy demands it, or remove "externalId"';
  }
  if (EXTERNAL_ID.test(externalId)) return undefined;
  return '"externalId" must be 2 to 1224 letters, digits or any of _+=,.@:/- (as STS AssumeRole accepts it); use the value the role\'s trust policy names in its sts:ExternalId condition';
}

/**
 * The parts of an ARN that say where its resource lives (undefined for a malformed or account-less ARN).
 *
 * @internal
 */
export function arnLocation(arn: string): { readonly partition: string; readonly region: string; readonly account: string } | undefined {
  const match = ARN.exec(arn);
  return match ? { partition: match[1], region: match[2], account: match[3] } : undefined;
}

/**
 * The account of an IAM role ARN (undefined when malformed).
 *
 * @internal
 */
export function roleAccount(roleArn: string): string | undefined {
  return ROLE_ARN.exec(roleArn)?.[1];
}

/**
 * Whether a target ARN is reachable from `ownAccount`: in that account, or through a role of the
 * ARN's own account. The message names the prop, both accounts and what to do.
 *
 * @internal
 */
export function targetAccountProblem(prop: string, targetArn: string, ownAccount: string, assumedRoleArn: string | undefined): string | undefined {
  const target = arnLocation(targetArn)?.account;
  if (!target) return undefined;
  if (assumedRoleArn !== undefined) {
    const role = roleAccount(assumedRoleArn);
    if (!role || role === target) return undefined;
    return `"assumedRoleArn" ${assumedRoleArn} is in account ${role}, but "${prop}" ${targetArn} is in account ${target}; use a role of account ${target}, where the target lives`;
  }
  if (target === ownAccount) return undefined;
  return (
    `"${prop}" ${targetArn} is in account ${target}, not in account ${ownAccount} where this stack and its handler run; ` +
    `set "assumedRoleArn" to a role in account ${target} that the handler may assume (it holds the service permissions there), or use a target of account ${ownAccount}`
  );
}

/**
 * The STS session name of a resource's handler, as the target account's CloudTrail shows it.
 *
 * @internal
 */
export function sessionNameFor(logicalResourceId: string): string {
  return `cdk-cutover-${logicalResourceId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, SESSION_NAME_MAX);
}

/**
 * The construct's side: validates literal values and returns the wire properties (absent ones left out).
 *
 * @internal
 */
export function encodeTargetLocation(params: TargetLocationParams, isUnresolved: IsUnresolved): Record<string, string> {
  const { region, assumedRoleArn, externalId } = params;
  if (region !== undefined) checkLiteral(awsRegionProblem, region, isUnresolved);
  if (assumedRoleArn !== undefined) checkLiteral(assumedRoleArnProblem, assumedRoleArn, isUnresolved);
  if (externalId !== undefined) checkLiteral((id: string) => externalIdProblem(id, assumedRoleArn !== undefined), externalId, isUnresolved);
  return {
    ...(region !== undefined ? { [TargetProps.REGION]: region } : {}),
    ...(assumedRoleArn !== undefined ? { [TargetProps.ASSUMED_ROLE_ARN]: assumedRoleArn } : {}),
    ...(externalId !== undefined ? { [TargetProps.EXTERNAL_ID]: externalId } : {}),
  };
}

function optional(properties: Record<string, unknown>, key: string): string | undefined {
  const value = properties[key];
  // Absent means "not set"; an empty string was set, and the rules judge it as the construct did.
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidPropertyError(`Property "${key}" must be a string; got ${JSON.stringify(value)}.`);
  return value;
}

/**
 * The handler's side: the same rules on the resolved values.
 *
 * @internal
 */
export function decodeTargetLocation(properties: Record<string, unknown>): TargetLocationParams {
  const region = optional(properties, TargetProps.REGION);
  const assumedRoleArn = optional(properties, TargetProps.ASSUMED_ROLE_ARN);
  const externalId = optional(properties, TargetProps.EXTERNAL_ID);
  if (region !== undefined) checkResolved(awsRegionProblem, region);
  if (assumedRoleArn !== undefined) checkResolved(assumedRoleArnProblem, assumedRoleArn);
  if (externalId !== undefined) checkResolved((id: string) => externalIdProblem(id, assumedRoleArn !== undefined), externalId);
  return { region, assumedRoleArn, externalId };
}
