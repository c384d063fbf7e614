import type { ClientFactory } from './clients';

/**
 * Secrets read from Secrets Manager, kept for the life of the execution environment once they
 * have been understood, so that waiting costs one target call per poll. A caller whose target
 * rejects a kept value reads it afresh (the secret was rotated). Values never leave this object
 * except to the caller that parses them; nothing here logs them.
 */
export class SecretStore {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly clients: ClientFactory) {}

  /**
   * The secret's SecretString as `parse` understands it, and whether it came from the store. A
   * value `parse` refuses is not kept, so a fixed secret is read again on the next event.
   * Failures of the read are ServiceCallErrors for the caller to explain.
   */
  async read<T>(secretId: string, parse: (secretString: string | undefined) => T, options: { fresh?: boolean } = {}): Promise<{ value: T; cached: boolean }> {
    if (!options.fresh && this.values.has(secretId)) return { value: this.values.get(secretId) as T, cached: true };
    const [client, { GetSecretValueCommand }] = await Promise.all([this.clients.secretsManager(), import('./sdk/secrets-manager')]);
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = parse(out.SecretString);
    this.values.set(secretId, value);
    return { value, cached: false };
  }
}
