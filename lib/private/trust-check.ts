import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Whether a role created in this app (an iam.Role) trusts `service`: a statement of its trust policy
 * names it as a service principal. Undefined for a role the app imports (its trust policy lives in
 * IAM and is not known at synth) or one whose principals are tokens.
 */
export function trustsService(role: iam.IRole, service: string): boolean | undefined {
  if (!(role instanceof iam.Role) || !role.assumeRolePolicy) return undefined;
  const document = Stack.of(role).resolve(role.assumeRolePolicy.toJSON()) as { Statement?: Array<{ Effect?: string; Principal?: { Service?: unknown } }> };
  const services = (document.Statement ?? [])
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => {
      const value = s.Principal?.Service;
      return Array.isArray(value) ? value : value === undefined ? [] : [value];
    });
  if (services.some((s) => typeof s !== 'string')) return undefined;
  return services.includes(service);
}

/** The service principals a role created in this app trusts, for messages. */
export function trustedServices(role: iam.IRole): string {
  if (!(role instanceof iam.Role) || !role.assumeRolePolicy) return 'unknown principals';
  const document = Stack.of(role).resolve(role.assumeRolePolicy.toJSON()) as { Statement?: Array<{ Principal?: unknown }> };
  return JSON.stringify((document.Statement ?? []).map((s) => s.Principal));
}

/**
 * Whether a role was imported immutable (`iam.Role.fromRoleArn(..., { mutable: false })`): CDK then
 * leaves it alone, and so does this library.
 */
export function isImmutableRole(role: iam.IRole | undefined): boolean {
  return (role?.constructor as { PROPERTY_INJECTION_ID?: string } | undefined)?.PROPERTY_INJECTION_ID === 'aws-cdk-lib.aws-iam.ImmutableRole';
}
