/**
 * The harness's fixed dummy credentials, in one place. The emulator knows them because it
 * registers them (see Emulator and EmulatorServer.functionCredentials), not because it accepts any
 * key: a request signed with anything else is refused as AWS refuses it.
 */

/** A long-term key of the emulator's default account: what tests' own SDK clients sign with, like an operator's IAM user. */
export const OPERATOR_CREDENTIALS: SigningCredentials = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret-key' };

/**
 * The secret and session token of every Lambda execution role key the harness hands a handler
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN): as on Lambda, temporary ASIA…
 * keys that are refused without their token. The rehearsal gives each step a key id of its own but
 * the same secret and token, because it swaps only AWS_ACCESS_KEY_ID between invocations.
 */
export const FUNCTION_SECRET_ACCESS_KEY = 'emulator-function-secret-key';
export const FUNCTION_SESSION_TOKEN = 'emulator-function-session-token';

/** The execution role key id of a handler running in `account`. */
export function functionAccessKeyId(account: string): string {
  return `ASIAEMULATOR${account}`;
}

/** Credentials as the SDK takes them. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}
