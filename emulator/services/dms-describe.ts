import { randomBytes } from 'node:crypto';
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

/** Pages with MaxRecords (20–100, default 100) and an opaque Marker, as every DMS Describe does. */
export function pageRecords<T>(input: Record<string, unknown>, items: T[], render: (page: T[], marker: { Marker?: string }) => unknown): EmulatorResponse {
  const maxRecords = input.MaxRecords === undefined ? 100 : Number(input.MaxRecords);
  if (!(maxRecords >= 20 && maxRecords <= 100)) return awsJson.error('InvalidParameterValueException', 'MaxRecords must be between 20 and 100');
  let start = 0;
  if (input.Marker !== undefined) {
    const decoded = Number(Buffer.from(String(input.Marker), 'base64url').toString('utf8').replace(/^page:/, ''));
    if (!Number.isInteger(decoded) || decoded < 0) return awsJson.error('InvalidParameterValueException', 'Invalid Marker');
    start = decoded;
  }
  const next = start + maxRecords < items.length ? Buffer.from(`page:${start + maxRecords}`).toString('base64url') : undefined;
  return awsJson.ok(render(items.slice(start, start + maxRecords), next ? { Marker: next } : {}));
}

/** A DMS resource id as ARNs carry them: 26 upper-case letters and digits. */
export function randomResourceId(): string {
  return randomBytes(16).toString('hex').toUpperCase().slice(0, 26);
}
