import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_CLIENT_SETTINGS, logAwsCalls } from '../engine/aws-calls';
import { OperationFailedError } from '../engine/errors';
import type { AkSk } from './signer';

let client: SecretsManagerClient | undefined;
function secretsManager(): SecretsManagerClient {
  // Created on first use; the endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER) and region come from the environment.
  client ??= logAwsCalls(new SecretsManagerClient({ ...AWS_CLIENT_SETTINGS }), 'secretsmanager');
  return client;
}

/** The secret's name as operators know it: the resource part of its ARN (or the id itself). */
export function secretLabel(secretId: string): string {
  const marker = ':secret:';
  const at = secretId.indexOf(marker);
  return at >= 0 ? secretId.slice(at + marker.length) : secretId;
}

// Kept for the life of the execution environment so that waiting costs one DCS call per poll;
// the caller reads afresh when Huawei rejects a cached key (the secret was rotated).
const cache = new Map<string, AkSk>();

/** The AK/SK pair and whether it came from the cache (a rejection then warrants a fresh read). */
export async function akSkFor(secretId: string, options: { fresh?: boolean } = {}): Promise<{ keys: AkSk; cached: boolean }> {
  const cached = options.fresh ? undefined : cache.get(secretId);
  if (cached) return { keys: cached, cached: true };
  const keys = await loadAkSk(secretId);
  cache.set(secretId, keys);
  return { keys, cached: false };
}

/**
 * Reads a Huawei AK/SK pair from Secrets Manager. Failure messages name the secret and what is
 * wrong with its shape, never any part of its value.
 */
async function loadAkSk(secretId: string): Promise<AkSk> {
  let secretString: string | undefined;
  try {
    const out = await secretsManager().send(new GetSecretValueCommand({ SecretId: secretId }));
    secretString = out.SecretString;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ResourceNotFoundException') {
      throw new OperationFailedError(
        `The AK/SK secret ${secretLabel(secretId)} was not found. Create it or pass an existing secret as "credentials", then retry the stack operation.`,
      );
    }
    if (name === 'InvalidRequestException' && /deletion/i.test((error as Error).message)) {
      throw new OperationFailedError(
        `The AK/SK secret ${secretLabel(secretId)} is scheduled for deletion. Restore it ("aws secretsmanager restore-secret") or pass another secret as "credentials", then retry the stack operation.`,
      );
    }
    if (name === 'DecryptionFailure') {
      throw new OperationFailedError(
        `Secrets Manager could not decrypt the AK/SK secret ${secretLabel(secretId)}: the handler's role needs kms:Decrypt on the secret's key. ` +
          'For an imported secret with a customer-managed key, import it with secretsmanager.Secret.fromSecretAttributes({ ..., encryptionKey }) so the construct can grant it.',
      );
    }
    throw error;
  }
  return parseAkSk(secretString, secretId);
}

function parseAkSk(secretString: string | undefined, secretId: string): AkSk {
  const expected = `The AK/SK secret ${secretLabel(secretId)} must hold a JSON string {"accessKeyId": "...", "secretAccessKey": "..."}`;
  if (typeof secretString !== 'string') {
    throw new OperationFailedError(`${expected}, but it has no SecretString (binary secrets are not supported). Update the secret's value, then retry the stack operation.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new OperationFailedError(`${expected}, but its value is not JSON. Update the secret's value, then retry the stack operation.`);
  }
  const record = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const missing = ['accessKeyId', 'secretAccessKey'].filter((key) => typeof record[key] !== 'string' || (record[key] as string).trim() === '');
  if (missing.length > 0) {
    throw new OperationFailedError(`${expected}; ${missing.map((k) => `"${k}"`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing or empty. Update the secret's value, then retry the stack operation.`);
  }
  return { accessKeyId: (record.accessKeyId as string).trim(), secretAccessKey: (record.secretAccessKey as string).trim() };
}
