import type { STSClient } from '@aws-sdk/client-sts';
import { MalformedResponseError, OperationFailedError, describeError, isAccessDenied } from './errors';

/** A role to act as: the target's account owner lets the handler's role assume it. */
export interface AssumeRole {
  readonly roleArn: string;
  /** The external id the role's trust policy demands, if any. */
  readonly externalId?: string;
  /** Shows in the target account's CloudTrail as the caller's session name. */
  readonly sessionName: string;
}

/** Temporary credentials in the shape every SDK client accepts. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/**
 * Renewed this long before they expire, so that no call (and none of the SDK's retries of it) is
 * signed with credentials about to lapse. STS issues them for an hour by default.
 */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * A credential provider for one role: it calls STS AssumeRole through `sts` (the STS client of the
 * target's region, so the regional endpoint answers), keeps the credentials until shortly before
 * they expire, and shares one call among concurrent callers.
 */
export function assumedRoleCredentials(sts: () => Promise<STSClient>, role: AssumeRole): () => Promise<TemporaryCredentials> {
  let current: TemporaryCredentials | undefined;
  let pending: Promise<TemporaryCredentials> | undefined;
  return async () => {
    if (current && current.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return current;
    // Set before any await, so that concurrent callers share the one AssumeRole call.
    pending ??= sts()
      .then((client) => assume(client, role))
      .then((fresh) => (current = fresh))
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

async function assume(sts: STSClient, role: AssumeRole): Promise<TemporaryCredentials> {
  const { AssumeRoleCommand } = await import('./sdk/sts');
  const out = await sts
    .send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: role.sessionName, ExternalId: role.externalId }))
    .catch((error: unknown) => {
      // STS answers a missing role, a trust policy without the caller and a wrong ExternalId alike.
      if (!isAccessDenied(error)) throw error;
      throw new OperationFailedError(
        `Could not assume "assumedRoleArn" ${role.roleArn}: ${describeError(error)}. The role must exist, its trust policy must ` +
          `allow the handler's role to call sts:AssumeRole${role.externalId ? ' with the sts:ExternalId given as "externalId"' : ''}, ` +
          'and no permissions boundary or SCP may deny it; fix that, then retry the stack operation.',
      );
    });
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(c.Expiration instanceof Date)) {
    throw new MalformedResponseError(`AssumeRole of ${role.roleArn} returned no complete Credentials`);
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}
