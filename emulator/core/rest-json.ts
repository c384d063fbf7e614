import { marked, requestIdHeader } from './protocols';
import type { EmulatorResponse, RenderedFaultKind } from './types';

const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * restJson1 (DRS and other newer AWS APIs): one path per operation, 200 JSON on success, errors as
 * JSON with the exception name in the `x-amzn-ErrorType` header. The header is not optional: DRS
 * error bodies carry a member literally named `code`, and a client that finds no header takes that
 * member as the error name (`{"code":"CONFLICT"}` becomes an unmodeled "CONFLICT" error).
 */
export const restJson = {
  ok(body: unknown): EmulatorResponse {
    return { status: 200, headers: { ...JSON_TYPE, ...requestIdHeader() }, body: JSON.stringify(body) };
  },

  error(
    code: string,
    message: string,
    status: number,
    members: Record<string, unknown> = {},
    extraHeaders: Record<string, string> = {},
  ): EmulatorResponse {
    return {
      status,
      headers: { ...JSON_TYPE, 'x-amzn-ErrorType': code, ...requestIdHeader(), ...extraHeaders },
      body: JSON.stringify({ message, ...members }),
    };
  },

  /** The injected faults as a restJson1 AWS service answers them. */
  fault(kind: RenderedFaultKind): EmulatorResponse {
    switch (kind) {
      case 'throttle':
        // Retry-After is in seconds and maps to ThrottlingException.retryAfterSeconds.
        return marked(restJson.error('ThrottlingException', 'Rate exceeded', 429, { serviceCode: 'drs', quotaCode: 'L-EMULATOR' }, { 'Retry-After': '1' }));
      case 'server-error':
        return marked(restJson.error('InternalServerException', 'An internal error occurred', 500));
      case 'unavailable':
        // The common error (DRS models no ServiceUnavailableException of its own).
        return marked(restJson.error('ServiceUnavailable', 'Service is unavailable', 503));
      case 'access-denied':
        return marked(restJson.error(
          'AccessDeniedException',
          'User: arn:aws:sts::123456789012:assumed-role/handler/fn is not authorized to perform this operation',
          403,
          { code: 'AccessDenied' },
        ));
      case 'malformed':
        return { status: 200, headers: { ...JSON_TYPE, ...requestIdHeader() }, body: '{"items":[{"sourceSer' };
      case 'empty':
        return { status: 200, headers: { ...JSON_TYPE, ...requestIdHeader() }, body: '' };
    }
  },
};
