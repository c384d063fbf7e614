import { roleAccount, TargetProps } from '../../contract';

/** Where a step's target lives, when that is not the stack's own region and account. */
export interface TargetPlace {
  readonly region?: string;
  readonly account?: string;
}

// The service ARN a construct names its target by (a DMS task or replication config).
const TARGET_ARN = /^arn:[\w-]+:(?:dms|rds|drs):([a-z0-9-]+):(\d{12}):/;

/**
 * The target's region and account as the handler will look for them (the target's ARN, else the
 * Region and AssumedRoleArn properties), each only when it differs from the stack's: what the
 * progress lines and --json show next to the target.
 */
export function targetPlace(properties: Record<string, unknown>, stack: { readonly region: string; readonly account: string }): TargetPlace {
  const arn = Object.entries(properties).find(([key, value]) => key !== TargetProps.ASSUMED_ROLE_ARN && typeof value === 'string' && TARGET_ARN.test(value));
  const fromArn = arn ? TARGET_ARN.exec(arn[1] as string) : null;
  const regionProp = properties[TargetProps.REGION];
  const roleProp = properties[TargetProps.ASSUMED_ROLE_ARN];
  const region = fromArn?.[1] ?? (typeof regionProp === 'string' && regionProp !== '' ? regionProp : stack.region);
  const account = fromArn?.[2] ?? ((typeof roleProp === 'string' && roleAccount(roleProp)) || stack.account);
  return { ...(region !== stack.region ? { region } : {}), ...(account !== stack.account ? { account } : {}) };
}

/** " (in us-east-2, account 444455556666)" for a target elsewhere; "" for one where the stack is. */
export function describePlace(place: TargetPlace): string {
  const parts = [place.region && `in ${place.region}`, place.account && `account ${place.account}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
