import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessKey, AccessKeyRegistry } from './identity';
import { isAwsRegion } from './regions';
import { NodeSha256 } from './sha256';

/** The longest a signature's time may be off the service's clock, before or after: AWS's 15 minutes. */
export const MAX_SKEW_MS = 15 * 60_000;

/** A request as it arrived on the wire: what the signature covers. */
export interface WireRequest {
  readonly method: string;
  /** The path exactly as sent (still percent-encoded), without the query string. */
  readonly rawPath: string;
  /** The query string exactly as sent, without '?' ('' when none). */
  readonly rawQuery: string;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** Why a request was not authenticated; {@link ./auth-errors} renders each as the service answers it. */
export type AuthFailure =
  /** No Authorization header at all. */
  | { readonly kind: 'missing' }
  /** An Authorization header that is not a complete SigV4 one, or no X-Amz-Date. */
  | { readonly kind: 'incomplete'; readonly message: string }
  /** A key nobody issued, a session key without its token or with another, a long-term key with a token. */
  | { readonly kind: 'invalid-token' }
  /** A session key past its expiration. */
  | { readonly kind: 'expired-token' }
  /** Wrong signature, scope date, skew, region or service: the service's signature error with AWS's message. */
  | { readonly kind: 'signature'; readonly message: string };

export type Authentication = { readonly ok: true; readonly key: AccessKey; readonly region: string } | { readonly ok: false; readonly failure: AuthFailure };

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{8})T\d{6}Z$/;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Verifies a request's SigV4 signature as AWS does, in AWS's order: a signature at all, a key that
 * exists (with its session token, if a session key), a session not expired, the scope's date, the
 * signing time within 15 minutes of `now` (the emulator's clock), a valid region, the service's own
 * signing name (CloudWatch signs as `monitoring`), and finally the signature itself, which
 * @smithy/signature-v4 (the signer the AWS SDKs use) computes from the registered secret.
 */
export async function authenticate(
  request: WireRequest,
  signingName: string,
  keys: AccessKeyRegistry,
  now: number,
  /** Emulated time a request may spend in flight beyond what it would on AWS (see EmulatorServer). */
  inFlightAllowanceMs = 0,
): Promise<Authentication> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return refuse({ kind: 'missing' });
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) {
    return refuse({ kind: 'incomplete', message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters of AWS4-HMAC-SHA256. Authorization=${authorization.split(' ')[0]}` });
  }
  const [, credential, signedHeaderList, signature] = parsed;
  const [accessKeyId, scopeDate, region, service, terminator, ...rest] = credential.split('/');
  if (terminator !== 'aws4_request' || rest.length > 0 || !/^\d{8}$/.test(scopeDate ?? '')) {
    return refuse({ kind: 'incomplete', message: `Credential should be of the form <key>/<date>/<region>/<service>/aws4_request, got '${credential.replace(/^[^/]*/, '<key>')}'.` });
  }
  const amzDate = request.headers['x-amz-date'] ?? '';
  const dateMatch = AMZ_DATE.exec(amzDate);
  if (!dateMatch) return refuse({ kind: 'incomplete', message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." });

  const key = keys.lookup(accessKeyId);
  if (!key) return refuse({ kind: 'invalid-token' });
  // A session key is only half a credential without its token; a long-term key never has one.
  const token = request.headers['x-amz-security-token'];
  if (key.sessionToken !== undefined ? token === undefined || !sameText(token, key.sessionToken) : token !== undefined) return refuse({ kind: 'invalid-token' });
  if (key.expiresAt !== undefined && now >= key.expiresAt) return refuse({ kind: 'expired-token' });

  if (scopeDate !== dateMatch[1]) {
    return refuse({
      kind: 'signature',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${dateMatch[1]}', from '${amzDate}'.`,
    });
  }
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (now - signedAt > MAX_SKEW_MS + inFlightAllowanceMs) {
    return refuse({ kind: 'signature', message: `Signature expired: ${amzDate} is now earlier than ${basicTime(now - MAX_SKEW_MS)} (${basicTime(now)} - 15 min.)` });
  }
  if (signedAt - now > MAX_SKEW_MS + inFlightAllowanceMs) {
    return refuse({ kind: 'signature', message: `Signature not yet current: ${amzDate} is still later than ${basicTime(now + MAX_SKEW_MS)} (${basicTime(now)} + 15 min.)` });
  }
  if (!isAwsRegion(region)) return refuse({ kind: 'signature', message: `Credential should be scoped to a valid region, not '${region}'. ` });
  if (service !== signingName) return refuse({ kind: 'signature', message: `Credential should be scoped to correct service: '${signingName}'. ` });

  const expected = await expectedSignature(request, key, signedHeaderList.split(';'), new Date(signedAt), region, service);
  if (expected.signedHeaders !== signedHeaderList || !sameText(expected.signature, signature)) return refuse({ kind: 'signature', message: SIGNATURE_MISMATCH });
  return { ok: true, key, region };
}

function refuse(failure: AuthFailure): Authentication {
  return { ok: false, failure };
}

/** The signature the SDK's own signer computes for this request with the registered secret. */
async function expectedSignature(
  request: WireRequest,
  key: AccessKey,
  signedHeaders: readonly string[],
  signingDate: Date,
  region: string,
  service: string,
): Promise<{ signature: string; signedHeaders: string }> {
  // Only the headers the client signed are handed over, so the signer signs exactly those (a
  // listed header that was not sent leaves the list different, which is a mismatch, as on AWS).
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) if (request.headers[name] !== undefined) headers[name] = request.headers[name];
  const signed = await signerFor(key).sign(
    { method: request.method, protocol: 'http:', hostname: 'emulator', path: request.rawPath, query: parseQuery(request.rawQuery), headers, body: request.body },
    { signingDate, signingRegion: region, signingService: service, signableHeaders: new Set(signedHeaders) },
  );
  const authorization = /SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(signed.headers.authorization ?? '');
  return { signedHeaders: authorization?.[1] ?? '', signature: authorization?.[2] ?? '' };
}

type SignatureV4Module = typeof import('@smithy/signature-v4');

/**
 * Where the build put the signer: assets/emulator under the package root, which is two folders above
 * this file (emulator/core), or one above when the emulator is bundled into a single file beside
 * lib/'s depth (as `npm run bench` bundles it, .tmp/bench.cjs).
 */
export function signerBundlePath(from: string = __dirname): string {
  const candidates = [join(from, '..', '..'), join(from, '..')].map((root) => join(root, 'assets', 'emulator', 'signature-v4.cjs'));
  return candidates.find((path) => existsSync(path)) ?? candidates[0];
}
let signatureV4: SignatureV4Module['SignatureV4'] | undefined;

/** The signer, from the copy the build bundles (the shipped emulator has no node_modules to load it from). */
function loadSignatureV4(): SignatureV4Module['SignatureV4'] {
  if (!signatureV4) {
    const bundle = signerBundlePath();
    try {
      signatureV4 = (require(bundle) as SignatureV4Module).SignatureV4;
    } catch (error) {
      throw new Error(`The emulator's SigV4 signer ${bundle} cannot be loaded (${(error as Error).message}); run "npm run build" first`);
    }
  }
  return signatureV4;
}

/**
 * One signer per key. Deriving the signing key (four HMACs over date, region, service) is cached by
 * @smithy/signature-v4 itself per key, date, region and service, so the hot path costs one HMAC to
 * find the cached key, the canonical request's hash, and the final HMAC.
 */
const signers = new Map<string, InstanceType<SignatureV4Module['SignatureV4']>>();

function signerFor(key: AccessKey): InstanceType<SignatureV4Module['SignatureV4']> {
  const id = `${key.accessKeyId}\n${key.secretAccessKey}`;
  let signer = signers.get(id);
  if (!signer) {
    const SignatureV4 = loadSignatureV4();
    // No session token here: the request's own x-amz-security-token header (already checked) is
    // signed as the client signed it. No checksum header either: only what the client signed counts.
    signer = new SignatureV4({
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      region: 'us-east-1',
      service: 'emulator',
      sha256: NodeSha256,
      applyChecksum: false,
      uriEscapePath: true,
    });
    signers.set(id, signer);
  }
  return signer;
}

/** The query string as the signer takes it: decoded names and values, repeated names as lists. */
function parseQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decode(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : decode(pair.slice(at + 1));
    const existing = query[name];
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** 20261206T110000Z, as SigV4 and AWS's skew messages write times. */
function basicTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
