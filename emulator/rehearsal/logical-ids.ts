import { createHash } from 'node:crypto';

/**
 * The logical id aws-cdk-lib gives a CfnResource at a construct path (the parts below its stack):
 * "Default" parts are left out; a single part is the id itself (letters and digits); otherwise the
 * letters and digits of the parts (without "Resource" parts, and without a part that the one before
 * it already ends with) followed by the first 8 hex digits, in upper case, of the MD5 of the parts
 * joined with "/". It lets --state name a resource by construct path in an assembly whose templates
 * carry no path metadata (cdk synth --path-metadata false).
 */
export function logicalIdOfPath(parts: readonly string[]): string | undefined {
  const kept = parts.filter((p) => p !== 'Default');
  if (kept.length === 0) return undefined;
  const alnum = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
  if (kept.length === 1 && alnum(kept[0]).length <= 255) return alnum(kept[0]);
  const human: string[] = [];
  for (const part of kept) if (human.length === 0 || !human[human.length - 1].endsWith(part)) human.push(part);
  const digest = createHash('md5').update(kept.join('/')).digest('hex').slice(0, 8).toUpperCase();
  return human.filter((p) => p !== 'Resource').map(alnum).join('').slice(0, 240) + digest;
}

/**
 * The logical ids a construct path given to --state may stand for: a cdk-cutover construct's custom
 * resource is its child "Resource" (whose own CfnResource is "Default").
 */
export function logicalIdsForPath(parts: readonly string[]): string[] {
  return [[...parts, 'Resource', 'Default'], [...parts, 'Resource'], [...parts]].map(logicalIdOfPath).filter((id): id is string => id !== undefined);
}
