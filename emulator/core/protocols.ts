import { randomUUID } from 'node:crypto';
import { FAULT_BODY_MEMBER } from './faults';
import type { Caller } from './identity';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from './types';

/** An awsJson operation: the parsed input and who calls (its region and account bound what it sees). */
export type JsonOperation = (input: Record<string, unknown>, caller: Caller) => EmulatorResponse;

/** Every AWS response carries x-amzn-RequestId: the SDK reads $metadata.requestId only from it. */
export function requestIdHeader(): Record<string, string> {
  return { 'x-amzn-RequestId': randomUUID() };
}

/** awsJson1_1 (DMS, Secrets Manager): 200 JSON, errors as 400 {"__type","message"}. */
export const awsJson = {
  ok(body: unknown): EmulatorResponse {
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1', ...requestIdHeader() },
      body: JSON.stringify(body),
    };
  },
  error(code: string, message: string, status = 400, extraHeaders: Record<string, string> = {}): EmulatorResponse {
    return {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': `${code}:`, ...requestIdHeader(), ...extraHeaders },
      body: JSON.stringify({ __type: code, message }),
    };
  },
  fault(kind: RenderedFaultKind): EmulatorResponse {
    switch (kind) {
      case 'throttle':
        return marked(awsJson.error('ThrottlingException', 'Rate exceeded'));
      case 'server-error':
        return marked(awsJson.error('InternalFailure', 'An internal error occurred', 500));
      case 'unavailable':
        return marked(awsJson.error('ServiceUnavailable', 'Service is unavailable', 503));
      case 'access-denied':
        return marked(
          awsJson.error('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/handler/fn is not authorized to perform this operation'),
        );
      case 'malformed':
        return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', ...requestIdHeader() }, body: '{"Replicat' };
      case 'empty':
        return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', ...requestIdHeader() }, body: '' };
    }
  },
};

/** An injected JSON error body with the fault marker as an extra member (see FAULT_BODY_MARKER). */
export function marked(response: EmulatorResponse): EmulatorResponse {
  return { ...response, body: JSON.stringify({ ...JSON.parse(response.body ?? '{}'), ...FAULT_BODY_MEMBER }) };
}

/** Routing of an awsJson1_1 service: its requests carry x-amz-target "<prefix><Operation>". */
export function awsJsonRouting(prefix: string): Pick<ServiceModule, 'matches' | 'operationOf'> {
  return {
    matches: (request) => (request.headers['x-amz-target'] ?? '').startsWith(prefix),
    operationOf: (request) => (request.headers['x-amz-target'] ?? '').slice(prefix.length),
  };
}

/** Parses an awsJson1_1 request and runs the operation's handler, answering as the service does otherwise. */
export function dispatchAwsJson(
  operation: string,
  request: Pick<EmulatorRequest, 'body' | 'caller'>,
  handlers: ReadonlyMap<string, JsonOperation>,
  protocol: { error(code: string, message: string): EmulatorResponse } = awsJson,
): EmulatorResponse {
  const handler = handlers.get(operation);
  if (!handler) return protocol.error('UnknownOperationException', `The emulator does not implement ${operation}`);
  let input: Record<string, unknown>;
  try {
    input = parseJsonBody(request.body);
  } catch {
    return protocol.error('SerializationException', 'Request body is not valid JSON');
  }
  return handler(input, request.caller);
}

/** Parses a JSON request body; an empty body is an empty input, as the SDK sends for no members. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  return JSON.parse(body) as Record<string, unknown>;
}

/** Epoch seconds with a fraction, as awsJson timestamps must be (an ISO string breaks the SDK). */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
