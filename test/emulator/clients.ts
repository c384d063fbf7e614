import { type Emulator, OPERATOR_CREDENTIALS } from '../../emulator';

/** The operator key every emulator registers to its default account. */
export const DEFAULT_CREDENTIALS = OPERATOR_CREDENTIALS;

export interface ClientOptions {
  readonly region?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts?: number;
}

/** The configuration a real SDK v3 client needs to reach the emulator over HTTP. */
export function clientConfig(emulator: Emulator, options: ClientOptions = {}) {
  return {
    endpoint: emulator.url,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? DEFAULT_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
  };
}
