// What the conformance checkers share: the difference they report and the checks of scalar values.
import type { ServiceModel } from './models';

/** One way an emulator answer departs from the published model. */
export interface Difference {
  readonly service: string;
  readonly operation: string;
  /** Where in the answer, list indexes written `[]`: `ReplicationTasks[].ReplicationTaskStats.StopDate`. */
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly detail: string;
  /** For `error-code`: the code that is neither modeled nor common. */
  readonly code?: string;
}

export type DifferenceKind =
  | 'unknown-member'
  | 'missing-required'
  | 'type'
  | 'timestamp-format'
  | 'enum'
  | 'xml-structure'
  | 'status'
  | 'unknown-operation'
  | 'error-code'
  | 'error-shape'
  | 'unparseable';

export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Records one difference at a path of the answer. */
export type Note = (path: string, kind: DifferenceKind, detail: string, code?: string) => void;

/** A scalar: its JSON type, its range, and its enum where the model has one. */
export function scalar(model: ServiceModel, value: unknown, type: string, typing: string | undefined, path: string, note: Note): void {
  switch (type) {
    case 'string': {
      if (typeof value !== 'string') return note(path, 'type', `expected a string, got ${typeName(value)}`);
      const values = typing ? model.typings.enums.get(typing) : undefined;
      if (values && !values.includes(value)) note(path, 'enum', `${JSON.stringify(value)} is not one of ${typing} (${values.join(', ')})`);
      return;
    }
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) note(path, 'type', `expected an ${type}, got ${JSON.stringify(value)}`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') note(path, 'type', `expected a ${type}, got ${JSON.stringify(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') note(path, 'type', `expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case 'blob':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) note(path, 'type', 'expected base64 text');
      return;
    default:
      note(path, 'type', `the checker does not know the model type ${type}`);
  }
}

/** The .d.ts type of a list's or map's elements (`ReplicationTaskList` → `ReplicationTask`). */
export function elementTyping(model: ServiceModel, typing: string | undefined, kind: 'list' | 'map'): string | undefined {
  if (!typing) return undefined;
  if (kind === 'list' && typing.endsWith('[]')) return typing.slice(0, -2);
  return (kind === 'list' ? model.typings.lists : model.typings.maps).get(typing);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function typeName(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}
