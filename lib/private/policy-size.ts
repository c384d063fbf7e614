import { Stack, Token } from 'aws-cdk-lib';

// Resolved lengths assumed for values only known at deploy time. IAM counts the policy after
// CloudFormation resolves it, so an estimate errs on the long side.
const PSEUDO_LENGTHS: Record<string, number> = {
  'AWS::Partition': 10,
  'AWS::Region': 14,
  'AWS::AccountId': 12,
  'AWS::URLSuffix': 16,
  'AWS::StackName': 128,
};
const UNKNOWN_VALUE_LENGTH = 128;

/**
 * Estimates how many characters IAM will count for a policy fragment (IAM ignores white space).
 * Intrinsics are estimated: a Ref to a resource or a GetAtt counts as a 128-character ARN.
 */
export function estimatePolicyChars(stack: Stack, fragment: unknown): number {
  return measure(stack.resolve(fragment));
}

function measure(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'string') return Token.isUnresolved(value) ? UNKNOWN_VALUE_LENGTH : value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (Array.isArray(value)) return 2 + value.reduce((n: number, v) => n + measure(v) + 1, 0);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0];
    if (key === 'Ref') return (PSEUDO_LENGTHS[String(arg)] ?? UNKNOWN_VALUE_LENGTH) + 2;
    if (key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, unknown[]];
      // The joined value is one string: count each part without its own quotes.
      return 2 + parts.reduce((n: number, p) => n + measure(p) - 2, 0) + separator.length * (parts.length - 1);
    }
    if (key.startsWith('Fn::')) return UNKNOWN_VALUE_LENGTH + 2;
  }
  return 2 + entries.reduce((n, [k, v]) => n + k.length + 3 + measure(v) + 1, 0);
}
