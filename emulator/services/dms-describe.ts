import { randomBytes } from 'node:crypto';
import { pageToken, readPageToken } from '../core/page-tokens';
import { awsJson } from '../core/protocols';
import type { EmulatorResponse } from '../core/types';

/** The parts every DMS Describe* operation shares: filters, MaxRecords/Marker paging, resource ids. */
export interface ParsedFilter {
  readonly name: string;
  readonly values: readonly string[];
}

/** Parses `Filters[{Name, Values}]`, allowing only the operation's filter names; a string is the error. */
export function parseFilters(raw: unknown, valid: ReadonlySet<string>): ParsedFilter[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return 'Filters must be a list';
  const parsed: ParsedFilter[] = [];
  for (const filter of raw as Array<{ Name?: unknown; Values?: unknown }>) {
    if (typeof filter?.Name !== 'string' || !valid.has(filter.Name) || !Array.isArray(filter.Values)) {
      return `Invalid filter: ${JSON.stringify(filter)}`;
    }
    parsed.push({ name: filter.Name, values: filter.Values.map(String) });
  }
  return parsed;
}

/**
 * Pages with MaxRecords (20–100, default 100) and an opaque Marker, as every DMS Describe does. A
 * Marker the emulator did not issue (`!!!`) is refused with InvalidParameterValueException. `render`
 * returns the body, or a whole response (e.g. the operation's "no match" fault).
 */
export function pageRecords<T>(
  input: Record<string, unknown>,
  items: T[],
  render: (page: T[], marker: { Marker?: string }) => unknown,
): EmulatorResponse {
  const maxRecords = input.MaxRecords === undefined ? 100 : Number(input.MaxRecords);
  if (!(maxRecords >= 20 && maxRecords <= 100)) return awsJson.error('InvalidParameterValueException', 'MaxRecords must be between 20 and 100');
  let start = 0;
  if (input.Marker !== undefined) {
    const decoded = readPageToken(input.Marker);
    if (decoded === undefined) return awsJson.error('InvalidParameterValueException', `Invalid Marker: ${String(input.Marker).slice(0, 64)}`);
    start = decoded;
  }
  const next = start + maxRecords < items.length ? pageToken(start + maxRecords) : undefined;
  const rendered = render(items.slice(start, start + maxRecords), next ? { Marker: next } : {});
  return isResponse(rendered) ? rendered : awsJson.ok(rendered);
}

function isResponse(value: unknown): value is EmulatorResponse {
  return typeof value === 'object' && value !== null && typeof (value as EmulatorResponse).status === 'number' && 'body' in value;
}


/** A DMS resource id as ARNs carry them: 26 upper-case letters and digits. */
export function randomResourceId(): string {
  return randomBytes(16).toString('hex').toUpperCase().slice(0, 26);
}
