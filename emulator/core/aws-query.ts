import { randomUUID } from 'node:crypto';
import { FAULT_BODY_MARKER } from './faults';
import type { EmulatorResponse, RenderedFaultKind } from './types';

const XML_TYPE = { 'content-type': 'text/xml' };
const MARKER_ELEMENT = `<Detail>${FAULT_BODY_MARKER}</Detail>`;

/** Escapes text for an XML element body. */
export function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** `<Name>value</Name>`, or nothing when the value is absent (absent members are omitted, not empty). */
export function xmlElement(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/**
 * A list member. The item element name comes from the service model and the client matches it
 * exactly: RDS `ExportTasks` items must be `<ExportTask>` (with `<member>` the list parses as
 * empty), while `ExportOnly` items are `<member>`.
 */
export function xmlList(name: string, itemName: string, items: readonly string[]): string {
  return items.length === 0 ? `<${name}/>` : `<${name}>${items.map((i) => `<${itemName}>${i}</${itemName}>`).join('')}</${name}>`;
}

/**
 * The awsQuery protocol (RDS, and the other XML APIs with a `Version`): form-encoded `POST /`
 * requests, XML answers. Every success wraps its members in `<{Op}Result>` inside
 * `<{Op}Response>`: without the Result element the client silently returns an empty output.
 */
export function awsQuery(namespace: string) {
  const ok = (operation: string, resultXml: string): EmulatorResponse => {
    const requestId = randomUUID();
    return {
      status: 200,
      headers: { ...XML_TYPE, 'x-amzn-RequestId': requestId },
      body:
        `<${operation}Response xmlns="${namespace}"><${operation}Result>${resultXml}</${operation}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
    };
  };

  /** `code` is the wire code (e.g. `ExportTaskNotFound`), which the client maps to its error name. */
  const error = (
    code: string,
    message: string,
    status: number,
    type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
    /** Injected faults carry the marker in an element no client reads (see FAULT_BODY_MARKER). */
    marker = '',
  ): EmulatorResponse => {
    const requestId = randomUUID();
    return {
      status,
      // The client reads $metadata.requestId only from this header, never from the body.
      headers: { ...XML_TYPE, 'x-amzn-RequestId': requestId },
      body:
        `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code>` +
        `<Message>${xmlEscape(message)}</Message>${marker}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  };

  const fault = (kind: RenderedFaultKind, operation: string): EmulatorResponse => {
    switch (kind) {
      case 'throttle':
        // 400 with code Throttling: the client retries it because of its name, not its status.
        return error('Throttling', 'Rate exceeded', 400, 'Sender', MARKER_ELEMENT);
      case 'server-error':
        return error('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500, 'Receiver', MARKER_ELEMENT);
      case 'unavailable':
        return error('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503, 'Receiver', MARKER_ELEMENT);
      case 'access-denied':
        return error(
          'AccessDenied',
          `User: arn:aws:sts::123456789012:assumed-role/handler/fn is not authorized to perform: ${operation} because no identity-based policy allows it`,
          403,
          'Sender',
          MARKER_ELEMENT,
        );
      case 'malformed':
        return { status: 200, headers: { ...XML_TYPE, 'x-amzn-RequestId': randomUUID() }, body: `<${operation}Response xmlns="${namespace}"><${operation}Result><Exp` };
      case 'empty':
        return { status: 200, headers: { ...XML_TYPE, 'x-amzn-RequestId': randomUUID() }, body: '' };
    }
  };

  /** The awsQuery answer to a request whose Action or Version this service does not serve, if so. */
  const refuseUnknown = (params: URLSearchParams, version: string, operations: ReadonlySet<string>): EmulatorResponse | undefined => {
    const action = params.get('Action') ?? '';
    if (!operations.has(action)) return error('InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`, 400);
    if (params.get('Version') !== version) return error('InvalidParameterValue', `Version ${params.get('Version')} is not supported; use ${version}`, 400);
    return undefined;
  };

  return { ok, error, fault, refuseUnknown };
}

/**
 * Reads an awsQuery list of structures from flattened form fields, e.g. `Filters.Filter.1.Name` and
 * `Filters.Filter.1.Values.Value.2` (1-based indexes) → `[{ Name, Values: [...] }]`.
 */
export function queryFilters(params: URLSearchParams, prefix = 'Filters.Filter'): Array<{ Name?: string; Values: string[] }> {
  const filters: Array<{ Name?: string; Values: string[] }> = [];
  for (let i = 1; params.has(`${prefix}.${i}.Name`) || hasPrefix(params, `${prefix}.${i}.`); i++) {
    const values: string[] = [];
    for (let j = 1; params.has(`${prefix}.${i}.Values.Value.${j}`); j++) values.push(params.get(`${prefix}.${i}.Values.Value.${j}`)!);
    filters.push({ Name: params.get(`${prefix}.${i}.Name`) ?? undefined, Values: values });
  }
  return filters;
}

function hasPrefix(params: URLSearchParams, prefix: string): boolean {
  for (const key of params.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * Routing of an awsQuery service: a form-encoded POST signed for `signingName`, or (unsigned) one
 * naming one of its actions with its API `Version`.
 */
export function awsQueryRouting(signingName: string, version: string, operations: ReadonlySet<string>) {
  const scope = new RegExp(`/${signingName}/aws4_request`);
  return {
    matches(request: { method: string; headers: Record<string, string>; body: string }): boolean {
      if (request.method !== 'POST' || !(request.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) return false;
      if (scope.test(request.headers.authorization ?? '')) return true;
      const params = new URLSearchParams(request.body);
      return params.get('Version') === version && operations.has(params.get('Action') ?? '');
    },
    operationOf(request: { body: string }): string {
      return new URLSearchParams(request.body).get('Action') ?? '';
    },
  };
}

/** An ISO-8601 timestamp, as awsQuery XML carries them. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
