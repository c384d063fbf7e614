import { createHmac, randomBytes } from 'node:crypto';

/**
 * Opaque paging tokens (DMS/RDS Marker, CloudWatch and DRS NextToken): the offset of the next page,
 * signed with a key this process drew at random, so the emulator accepts only tokens it issued, for
 * the listing that issued them. AWS treats tokens as opaque and refuses forged ones (`!!!`, a token
 * of another operation) with the service's own error; a plain offset would have accepted them.
 */
const KEY = randomBytes(32);

function mac(scope: string, offset: number): string {
  return createHmac('sha256', KEY).update(`${scope}:${offset}`).digest('base64url').slice(0, 16);
}

/** The token for the page that starts at `offset` of the listing `scope` (e.g. "dms:page"). */
export function pageToken(offset: number, scope = 'page'): string {
  return Buffer.from(`${scope}:${offset}:${mac(scope, offset)}`).toString('base64url');
}

/** The offset a token names, or undefined when the emulator did not issue it for this scope. */
export function readPageToken(token: unknown, scope = 'page'): number | undefined {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  // `<scope>:<offset>:<mac>`; the scope itself may hold colons ("rds:exports").
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  if (!decoded.startsWith(`${scope}:`)) return undefined;
  const [offsetText, signature, ...rest] = decoded.slice(scope.length + 1).split(':');
  const offset = Number(offsetText);
  if (rest.length > 0 || !/^\d+$/.test(offsetText ?? '')) return undefined;
  return signature === mac(scope, offset) ? offset : undefined;
}
