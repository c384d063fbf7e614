/** The region and account AWS would serve a request in, and the access key that signed it. */
export interface Caller {
  readonly region: string;
  readonly account: string;
  /** The access key id of the SigV4 credential scope ('' when the request was not SigV4-signed). */
  readonly accessKeyId: string;
}

/** A request as the emulator's service modules see it. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query string, e.g. "/" or "/v2/p/migration-task/t/stop". */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The region it was signed for, the account of its access key, and that key: all verified (SigV4). */
  readonly caller: Caller;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** Faults the emulator can inject; each service renders them in its own protocol. */
export type FaultKind =
  /** The service's throttling error (ThrottlingException 400, Throttling, 429…). */
  | 'throttle'
  /** HTTP 500 with the service's internal-error shape. */
  | 'server-error'
  /** HTTP 503 with the service's unavailable shape. */
  | 'unavailable'
  /** The connection is destroyed before any response byte is written. */
  | 'drop'
  /** The real response, after `delayMs`. */
  | 'slow'
  /** A 200 whose body cannot be parsed. */
  | 'malformed'
  /** A 200 with an empty body. */
  | 'empty'
  /** The service's IAM denial (AccessDeniedException 400/403, 401/403 for Huawei). */
  | 'access-denied'
  /** The service's "wrong state for this action" error, as in a race with another actor. */
  | 'invalid-state';

/** The part of a fault a service renders; the server handles drop and slow itself. */
export type RenderedFaultKind = Exclude<FaultKind, 'drop' | 'slow' | 'invalid-state'>;

/** One emulated service: recognises its requests, answers them, renders faults in its protocol. */
export interface ServiceModule {
  /** Short name used in the call log and in fault targeting: "dms", "rds", "drs", "secretsmanager", "dcs". */
  readonly name: string;
  /** Whether this request is for this service (by target header, path or body). */
  matches(request: EmulatorRequest): boolean;
  /** The API operation a request calls, e.g. "StopReplicationTask". */
  operationOf(request: EmulatorRequest): string;
  /** Answers a request; the state machines advance on the emulator clock. */
  handle(request: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>;
  /** Renders an injected fault as this service's wire protocol would carry it. */
  renderFault(kind: RenderedFaultKind, request: EmulatorRequest): EmulatorResponse;
  /** Renders the service's invalid-state error for this request's operation (for the 'invalid-state' fault). */
  renderInvalidState?(request: EmulatorRequest): EmulatorResponse;
}

/** One entry of the call log. */
export interface CallRecord {
  readonly service: string;
  readonly operation: string;
  /** Emulator-clock milliseconds. */
  readonly at: number;
  readonly status: number | 'dropped';
  /** The fault that was injected for this call, if any. */
  readonly fault?: FaultKind;
  /** The parsed request parameters (JSON body, form fields or path), for assertions. */
  readonly params: Record<string, unknown>;
  /** The region from the SigV4 credential scope ('' for unsigned requests). */
  readonly region: string;
  /** The account the signing access key belongs to ('' when the key is unknown or the request unsigned). */
  readonly account: string;
  /** The access key id that signed the call ('' when unsigned), e.g. an assumed role's ASIA… key. */
  readonly accessKeyId: string;
  /** True when the emulator's rate quota refused the call (see EmulatorOptions.rateLimits). */
  readonly rateLimited?: boolean;
  /**
   * Why authentication refused the call, if it did: no signature, an incomplete one, an unknown
   * key or session token, an expired session, or a signature error (secret, skew, scope).
   */
  readonly authFailure?: 'missing' | 'incomplete' | 'invalid-token' | 'expired-token' | 'signature';
}
