import { Arn, ArnFormat, Aws, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { encodeTargetLocation, targetAccountProblem } from '../../contract';

/** Where a construct's target lives, as its props say. */
export interface TargetSpec {
  /** The target's ARN and the prop that holds it: its region and account are the ARN's. */
  readonly arn?: { readonly prop: string; readonly value: string };
  /** The "region" prop of a target without an ARN. */
  readonly region?: string;
  readonly assumedRoleArn?: string;
  readonly externalId?: string;
}

/** The partition, region and account to put into the IAM ARNs of a target. */
export interface TargetEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * The partition of a region code: aws-cn and aws-us-gov (and the isolated ones) by their prefixes,
 * as AWS names them; a token region leaves it to CloudFormation (AWS::Partition, the stack's own).
 */
export function partitionOfRegion(region: string): string {
  if (Token.isUnresolved(region)) return Aws.PARTITION;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/**
 * A target without an ARN: its `region` (else the stack's) in the stack's account. A target in
 * another account is reached through an assumed role, whose own policies scope it there.
 */
export function regionalTarget(scope: IConstruct, region: string | undefined): TargetEnvironment {
  const stack = Stack.of(scope);
  const where = region ?? stack.region;
  return { partition: region === undefined ? stack.partition : partitionOfRegion(where), region: where, account: stack.account };
}

/** The partition, region and account fields of a target's ARN (CloudFormation splits a token ARN). */
export function arnTarget(arn: string): TargetEnvironment {
  const { partition, region, account } = Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME);
  return { partition: partition!, region: region!, account: account! };
}

/**
 * Validates where the target lives (the literal rules) and returns its wire properties. A literal
 * ARN of another account than the stack's needs `assumedRoleArn` (a stack whose account is a token
 * leaves that to the handler, which knows its account at run time).
 */
export function encodeTarget(scope: IConstruct, target: TargetSpec): Record<string, string> {
  const properties = encodeTargetLocation(target, Token.isUnresolved);
  if (target.arn && !Token.isUnresolved(target.arn.value)) checkPartition(target.arn.prop, target.arn.value);
  const ownAccount = Stack.of(scope).account;
  const arn = target.arn;
  if (arn && !Token.isUnresolved(arn.value) && !Token.isUnresolved(ownAccount) && !Token.isUnresolved(target.assumedRoleArn)) {
    const problem = targetAccountProblem(arn.prop, arn.value, ownAccount, target.assumedRoleArn);
    if (problem) throw new Error(problem);
  }
  return properties;
}

/**
 * What the handler's role needs to act through an assumed role: sts:AssumeRole on exactly that
 * role, instead of the service actions (which the role holds in the target's account), as
 * AwsCustomResource grants it.
 */
export function assumeRoleStatement(roleArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [roleArn] });
}

/**
 * A literal ARN's partition must be its region's: `arn:aws-cn:...:eu-west-1:...` names no resource
 * that exists, and IAM would scope the grants to it all the same.
 */
function checkPartition(prop: string, arn: string): void {
  const [, partition, , region] = arn.split(':');
  if (!partition || !region) return;
  const expected = partitionOfRegion(region);
  if (expected === partition) return;
  throw new Error(
    `"${prop}" ${arn} names partition ${partition} but region ${region}, which is in partition ${expected}; ` +
      `use the resource's ARN as AWS shows it (in ${region} it starts with arn:${expected}:), or the region of partition ${partition} where it lives`,
  );
}
