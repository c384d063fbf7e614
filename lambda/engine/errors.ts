/**
 * Typed errors of the engine. Operation modules throw these (or let SDK errors through); the engine
 * decides from the type whether to wait for the next poll or to fail the stack operation.
 */

/** The target does not exist. Success on Delete, failure on Create/Update. */
export class TargetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetNotFoundError';
  }
}

/** A response that could not be understood; treated like a transient fault until the deadline. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

/** A fault worth another try at the next poll (throttling, 5xx, network), already retried by the client. */
export class TransientServiceError extends Error {
  constructor(message: string, readonly requestId?: string) {
    super(message);
    this.name = 'TransientServiceError';
  }
}

/** A failure that no retry can fix; its message is the CloudFormation failure reason. */
export class OperationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationFailedError';
  }
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'PriorRequestNotComplete',
]);
/** Connection-level failures worth another try (Node's socket errors and fetch/undici's). */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ABORT_ERR',
  'UND_ERR_SOCKET',
]);

interface ServiceErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $retryable?: unknown;
  cause?: unknown;
}

/**
 * True for faults that another poll may get past: throttling, 5xx, timeouts, dropped connections,
 * unparseable bodies. The SDK has already retried them with backoff inside this invocation; the
 * engine gives them more chances across polls until the operation's own deadline.
 */
export function isRetryableFault(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof TransientServiceError || error instanceof MalformedResponseError) return true;
  if (error instanceof ServiceCallError) return isRetryableFault(error.cause, depth + 1);
  const e = error as ServiceErrorShape;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  if (e.name && (THROTTLING_CODES.has(e.name) || e.name === 'TimeoutError' || e.name === 'RequestTimeout')) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  // The SDK reports a body it cannot parse as a SyntaxError/TypeError carrying the raw response.
  if ((e.name === 'SyntaxError' || e.name === 'TypeError') && '$response' in (e as object)) return true;
  if (e.name === 'SyntaxError' && /JSON|XML|Unexpected/i.test(String((e as Error).message))) return true;
  return isRetryableFault(e.cause, depth + 1);
}

/** True for an IAM denial, whatever the protocol calls it. */
export function isAccessDenied(error: unknown): boolean {
  if (error instanceof ServiceCallError) return error.isAccessDenied();
  const e = error as ServiceErrorShape;
  return (
    !!e &&
    (e.name === 'AccessDeniedException' ||
      e.name === 'AccessDenied' ||
      e.name === 'UnauthorizedOperation' ||
      e.$metadata?.httpStatusCode === 403)
  );
}

/**
 * An AWS call that failed, as the client's call-log middleware reports it (after the SDK's own
 * retries): the IAM action that was attempted, the service's error code and request id, and the
 * SDK's error as the cause. Operation modules ask it `is(code)`; the engine asks it whether another
 * poll may get past it and which permission to name.
 */
export class ServiceCallError extends Error {
  /** The service's error code (the SDK error's name), e.g. "ResourceNotFoundFault"; "Error" for a bare error. */
  readonly code: string;
  readonly requestId?: string;
  readonly httpStatus?: number;

  constructor(
    /** The IAM action of the call, e.g. "dms:StopReplicationTask". */
    readonly action: string,
    cause: unknown,
  ) {
    const e = (cause && typeof cause === 'object' ? cause : {}) as ServiceErrorShape & { message?: string };
    super(typeof e.message === 'string' ? e.message : String(cause), { cause });
    this.name = 'ServiceCallError';
    this.code = e.name ?? 'Error';
    this.requestId = e.$metadata?.requestId;
    this.httpStatus = e.$metadata?.httpStatusCode;
  }

  /** True when the service answered with one of these error codes. */
  is(...codes: string[]): boolean {
    return codes.includes(this.code);
  }

  /** Whether another poll may get past it (throttling, 5xx, network, unparseable body). */
  isRetryable(): boolean {
    return isRetryableFault(this.cause);
  }

  isAccessDenied(): boolean {
    return isAccessDenied(this.cause);
  }
}

/** True when `error` is a failed AWS call answered with one of these error codes. */
export function isServiceError(error: unknown, ...codes: string[]): error is ServiceCallError {
  return error instanceof ServiceCallError && error.is(...codes);
}

/**
 * The action that failed: a ServiceCallError's, or the one a non-AWS client's error declares
 * (HuaweiApiError's cutoverAction).
 */
export function failedAction(error: unknown): string | undefined {
  if (error instanceof ServiceCallError) return error.action;
  return (error as { cutoverAction?: string } | undefined)?.cutoverAction;
}

/** `Code: message (request id …)` for a failure reason; never includes request or response bodies. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as ServiceErrorShape & Error;
  const requestId = error instanceof ServiceCallError ? error.requestId : (e.$metadata?.requestId ?? (error as TransientServiceError).requestId);
  const code = error instanceof ServiceCallError ? error.code : e.name;
  const name = code && code !== 'Error' ? `${code}: ` : '';
  return `${name}${e.message}${requestId ? ` (request id ${requestId})` : ''}`;
}
