import type { Caller, EmulatorRequest } from './types';

// Caller lives with the request that carries it (types.ts), so neither file imports the other back.
export type { Caller } from './types';

/** The region and account of the harness's credentials. */
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;
const ARN = /^arn:[^:]+:[^:]*:([^:]*):(\d*):/;

/** An access key as IAM and STS know it: whose it is, its secret, and for a session its token and end. */
export interface AccessKey {
  readonly accessKeyId: string;
  /** The 12-digit account the key belongs to. */
  readonly account: string;
  /** The secret the request signature is computed with. */
  readonly secretAccessKey: string;
  /** A temporary key's session token: requests must carry it as `x-amz-security-token`. @default - a long-term key, which carries none */
  readonly sessionToken?: string;
  /** When a temporary key stops working (emulated epoch ms). @default - never */
  readonly expiresAt?: number;
  /** The IAM role the key acts as, which a trust policy can name (an STS session's role, a function's execution role). @default - none */
  readonly principalArn?: string;
}

/**
 * The access keys the emulator knows, as IAM and STS would resolve them: each with its account and
 * secret (and a session key with its token and expiration). Requests signed with any other key are
 * refused, as AWS refuses them: nobody's key silently belongs to a default account.
 */
export class AccessKeyRegistry {
  private readonly keys = new Map<string, AccessKey>();

  constructor(readonly defaultAccount = DEFAULT_ACCOUNT) {}

  register(key: AccessKey): void {
    if (!/^\d{12}$/.test(key.account)) throw new Error(`An account id has 12 digits, got ${key.account}`);
    if (!/^[A-Z0-9]+$/.test(key.accessKeyId)) throw new Error(`An access key id is upper-case letters and digits, got ${key.accessKeyId}`);
    if (!key.secretAccessKey) throw new Error(`Access key ${key.accessKeyId} needs a secret access key`);
    // AWS issues ASIA… ids to temporary credentials only, and those always come with a token.
    if (key.accessKeyId.startsWith('ASIA') && !key.sessionToken) throw new Error(`${key.accessKeyId} is a temporary key (ASIA…): register its session token`);
    this.keys.set(key.accessKeyId, key);
  }

  /** The registered key, if any. */
  lookup(accessKeyId: string): AccessKey | undefined {
    return this.keys.get(accessKeyId);
  }

  /** Whether a temporary key has passed its expiration at emulated time `now`. */
  expired(accessKeyId: string, now: number): boolean {
    const expiresAt = this.keys.get(accessKeyId)?.expiresAt;
    return expiresAt !== undefined && now >= expiresAt;
  }

  /** The account of a registered key ('' for a key nobody registered). */
  accountOf(accessKeyId: string): string {
    return this.keys.get(accessKeyId)?.account ?? '';
  }

  /**
   * Who a request claims to be, read from its SigV4 credential scope before it is verified: the
   * region it was signed for (the endpoint's region), the account of its key ('' if unknown).
   */
  callerOf(request: Pick<EmulatorRequest, 'headers'>): Caller {
    const match = CREDENTIAL.exec(request.headers.authorization ?? '');
    if (!match) return { region: '', account: '', accessKeyId: '' };
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
