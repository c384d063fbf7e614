import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EmulatorRequest } from '../core/types';

const AUTHORIZATION = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/;

/**
 * Huawei Cloud's SDK-HMAC-SHA256 (AK/SK) check as its API gateway makes it, over the request as
 * received: the signed X-Sdk-Date within `maxSkewMs` of the gateway's clock, the canonical request
 * rebuilt (canonical URI always ending in "/", sorted query, signed headers), and the HMAC of the
 * string to sign keyed with the secret key as-is (no key derivation, unlike SigV4).
 */
export function verifyAkSk(
  request: Pick<EmulatorRequest, 'method' | 'path' | 'query' | 'headers' | 'body'>,
  secretOf: (accessKeyId: string) => string | undefined,
  serverNow: number,
  maxSkewMs: number,
): { accessKeyId: string } | { problem: string } {
  const match = AUTHORIZATION.exec(request.headers.authorization ?? '');
  if (!match) return { problem: 'Authorization header is missing or malformed' };
  const [, accessKeyId, signedHeaderList, signature] = match;
  const secret = secretOf(accessKeyId);
  if (secret === undefined) return { problem: `ak ${accessKeyId} not exist` };

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('x-sdk-date')) return { problem: 'x-sdk-date is not signed' };
  if (signedHeaders.some((name) => request.headers[name] === undefined)) return { problem: 'verify aksk signature fail' };
  const sdkDate = request.headers['x-sdk-date'];
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) return { problem: `x-sdk-date ${sdkDate} is not in the format YYYYMMDDTHHMMSSZ` };
  if (Math.abs(serverNow - signedAt) > maxSkewMs) {
    return { problem: `signature expired, signature time:${sdkDate},server time:${formatSdkDate(serverNow)}` };
  }

  const canonical = [
    request.method,
    canonicalUri(request.path),
    canonicalQuery(request.query),
    signedHeaders.map((name) => `${name}:${request.headers[name].trim()}\n`).join(''),
    signedHeaderList,
    request.headers['x-sdk-content-sha256'] ?? sha256(request.body),
  ].join('\n');
  const stringToSign = `SDK-HMAC-SHA256\n${sdkDate}\n${sha256(canonical)}`;
  const expected = createHmac('sha256', secret).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { problem: 'verify aksk signature fail' };
  return { accessKeyId };
}

function sha256(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/** The gateway's encoding: everything but A-Za-z0-9-_.~ as %XX (uppercase) over UTF-8. */
function encode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Path segments as received are decoded, then encoded canonically; the canonical URI always ends in "/". */
function canonicalUri(path: string): string {
  const uri = path.split('/').map((segment) => encode(safeDecode(segment))).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function canonicalQuery(query: URLSearchParams): string {
  const keys = [...new Set(query.keys())].sort();
  return keys.flatMap((k) => query.getAll(k).sort().map((v) => `${encode(k)}=${encode(v)}`)).join('&');
}

function parseSdkDate(value: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function formatSdkDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
