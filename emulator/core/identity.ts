import type { Caller, EmulatorRequest } from './types';

// Caller lives with the request that carries it (types.ts), so neither file imports the other back.
export type { Caller } from './types';

/** The defaults every existing test and the handler environment use. */
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;
const ARN = /^arn:[^:]+:[^:]*:([^:]*):(\d*):/;

/**
 * Access keys the emulator knows, each mapped to the account it belongs to, as IAM and STS would
 * resolve them. A key nobody registered (the handler's dummy credentials) belongs to the default
 * account, so tests that never think about accounts keep working.
 */
export class AccessKeyRegistry {
  private readonly accounts = new Map<string, string>();
  private readonly expiries = new Map<string, number>();

  constructor(readonly defaultAccount = DEFAULT_ACCOUNT) {}

  /** `expiresAt` (emulated epoch ms) makes the key temporary, as STS session keys are. */
  register(accessKeyId: string, account: string, expiresAt?: number): void {
    if (!/^\d{12}$/.test(account)) throw new Error(`An account id has 12 digits, got ${account}`);
    this.accounts.set(accessKeyId, account);
    if (expiresAt !== undefined) this.expiries.set(accessKeyId, expiresAt);
  }

  /** Whether a temporary key has passed its expiration at emulated time `now`. */
  expired(accessKeyId: string, now: number): boolean {
    const expiresAt = this.expiries.get(accessKeyId);
    return expiresAt !== undefined && now >= expiresAt;
  }

  accountOf(accessKeyId: string): string {
    return this.accounts.get(accessKeyId) ?? this.defaultAccount;
  }

  /**
   * Who is calling: the region comes from the SigV4 credential scope (the region the request was
   * signed for, which is the endpoint's region), the account from the access key.
   */
  callerOf(request: Pick<EmulatorRequest, 'headers'>): Caller {
    const match = CREDENTIAL.exec(request.headers.authorization ?? '');
    if (!match) return { region: DEFAULT_REGION, account: this.defaultAccount, accessKeyId: '' };
    return { region: match[2], account: this.accountOf(match[1]), accessKeyId: match[1] };
  }
}

/** The SigV4 signing name of a request ('' when unsigned): `dms`, `rds`, `sts`, `monitoring`… */
export function signingNameOf(request: Pick<EmulatorRequest, 'headers'>): string {
  return CREDENTIAL.exec(request.headers.authorization ?? '')?.[3] ?? '';
}

/** Where a resource lives. */
export interface Scope {
  readonly region: string;
  readonly account: string;
}

/** The region and account fields of an ARN (IAM ARNs have no region: ''). */
export function scopeOfArn(arn: string): Scope | undefined {
  const match = ARN.exec(arn);
  return match ? { region: match[1], account: match[2] } : undefined;
}

/**
 * Whether a caller can see a resource: only resources of the region it signed for and of its own
 * account exist for it, as with real AWS endpoints. A resource without a region (IAM) matches any.
 */
export function visibleTo(scope: Scope, caller: Caller): boolean {
  return scope.account === caller.account && (scope.region === '' || scope.region === caller.region);
}

/** Fills a seed's optional region/account with a service's defaults. */
export function scopeOf(seed: Partial<Scope>, defaults: Scope): Scope {
  return { region: seed.region ?? defaults.region, account: seed.account ?? defaults.account };
}
