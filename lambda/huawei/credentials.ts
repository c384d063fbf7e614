import { OperationFailedError, isServiceError } from '../engine/errors';
import type { SecretStore } from '../engine/secrets';
import type { AkSk } from './signer';

/** The secret's name as operators know it: the resource part of its ARN (or the id itself). */
export function secretLabel(secretId: string): string {
  const marker = ':secret:';
  const at = secretId.indexOf(marker);
  return at >= 0 ? secretId.slice(at + marker.length) : secretId;
}

/**
 * The AK/SK pair and whether it came from the store (a rejection then warrants a fresh read). The
 * store keeps it for the life of the execution environment so that waiting costs one DCS call per
 * poll. Failure messages name the secret and what is wrong with its shape, never any part of its value.
 */
export async function akSkFor(secrets: SecretStore, secretId: string, options: { fresh?: boolean } = {}): Promise<{ keys: AkSk; cached: boolean }> {
  try {
    const { value, cached } = await secrets.read(secretId, (secretString) => parseAkSk(secretString, secretId), options);
    return { keys: value, cached };
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundException')) {
      throw new OperationFailedError(
        `The AK/SK secret ${secretLabel(secretId)} was not found. Create it or pass an existing secret as "credentials", then retry the stack operation.`,
      );
    }
    if (isServiceError(error, 'InvalidRequestException') && /deletion/i.test(error.message)) {
      throw new OperationFailedError(
        `The AK/SK secret ${secretLabel(secretId)} is scheduled for deletion. Restore it ("aws secretsmanager restore-secret") or pass another secret as "credentials", then retry the stack operation.`,
      );
    }
    if (isServiceError(error, 'DecryptionFailure')) {
      throw new OperationFailedError(
        `Secrets Manager could not decrypt the AK/SK secret ${secretLabel(secretId)}: the handler's role needs kms:Decrypt on the secret's key. ` +
          'For an imported secret with a customer-managed key, import it with secretsmanager.Secret.fromSecretAttributes({ ..., encryptionKey }) so the construct can grant it.',
      );
    }
    throw error;
  }
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
