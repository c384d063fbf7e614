import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NETWORK_CODES, OperationFailedError, TransientServiceError } from '../engine/errors';
import { logger } from '../engine/logger';
import { AkSk, signRequest } from './signer';

/** Total tries per call, the first included (as the AWS clients' AWS_CLIENT_SETTINGS). */
const MAX_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 100;
const THROTTLE_BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 5_000;
/** A hung connection fails fast and is retried instead of eating the Lambda's time. */
const ATTEMPT_TIMEOUT_MS = 20_000;
/** DCS task bodies are a few KB; anything far larger is not a DCS answer. */
const MAX_BODY_BYTES = 1024 * 1024;


export interface HuaweiCall {
  readonly method: 'GET' | 'POST';
  /** Origin of the service, e.g. https://dcs.cn-north-4.myhuaweicloud.com. */
  readonly endpoint: string;
  /** Path, not percent-encoded. */
  readonly path: string;
  readonly projectId: string;
  readonly credentials: AkSk;
  /** API operation name for logs and messages, e.g. "ShowMigrationTask". */
  readonly operation: string;
  /** The IAM action the call needs, for failure reasons, e.g. "dcs:migrationTask:get". */
  readonly iamAction: string;
}

export interface HuaweiResponse {
  readonly status: number;
  /** Huawei's X-Request-Id, quoted in failure reasons so support can trace the call. */
  readonly requestId?: string;
  /** The raw body: may contain secrets (DCS task bodies carry Redis passwords); never log it. */
  readonly body: string;
  readonly attempts: number;
}

/**
 * A non-2xx answer that no retry can fix. Carries only the status, Huawei's error code and
 * message, and the request id: never the body.
 */
export class HuaweiApiError extends Error {
  /** Read by the engine to name the permission in failure reasons. */
  readonly cutoverAction: string;

  constructor(
    readonly operation: string,
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly errorMsg: string | undefined,
    readonly requestId: string | undefined,
    iamAction: string,
  ) {
    super(`${operation} answered HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${errorMsg ? `: ${errorMsg}` : ''}`);
    this.name = 'HuaweiApiError';
    this.cutoverAction = iamAction;
  }
}

/**
 * One signed call to a Huawei Cloud API with retries: HTTP 429, 5xx and connection errors are
 * retried with exponential backoff and full jitter; when they outlast the retries a
 * TransientServiceError lets the engine try again at the next poll. Each try is signed afresh, so
 * its X-Sdk-Date is current.
 */
export async function callHuawei(call: HuaweiCall): Promise<HuaweiResponse> {
  const url = new URL(call.endpoint);
  const started = Date.now();
  let lastRequestId: string | undefined;
  for (let attempt = 1; ; attempt++) {
    let outcome: { response: RawResponse } | { networkError: NodeJS.ErrnoException };
    try {
      outcome = { response: await send(url, call) };
    } catch (error) {
      outcome = { networkError: error as NodeJS.ErrnoException };
    }

    if ('response' in outcome) {
      const { status, headers, body } = outcome.response;
      const parsed = parseError(body, call.credentials);
      const requestId = headerValue(headers['x-request-id']) ?? parsed.requestId;
      lastRequestId = requestId ?? lastRequestId;
      const retryable = status === 429 || status >= 500;
      if (status >= 200 && status < 300) {
        logCall('info', call, { httpStatus: status, requestId, attempts: attempt, durationMs: Date.now() - started });
        return { status, requestId, body, attempts: attempt };
      }
      if (!retryable) {
        logCall('warn', call, { httpStatus: status, errorCode: parsed.code, requestId, attempts: attempt, durationMs: Date.now() - started });
        throw new HuaweiApiError(call.operation, status, parsed.code, parsed.message, requestId, call.iamAction);
      }
      if (attempt >= MAX_ATTEMPTS) {
        logCall('warn', call, { httpStatus: status, errorCode: parsed.code, requestId, attempts: attempt, durationMs: Date.now() - started });
        throw new TransientServiceError(
          `${call.operation} answered HTTP ${status}${parsed.code ? ` ${parsed.code}` : ''}${parsed.message ? `: ${parsed.message}` : ''} (after ${attempt} attempts)`,
          requestId,
        );
      }
      await sleep(backoffMs(attempt, status === 429, headerValue(headers['retry-after'])));
      continue;
    }

    const code = outcome.networkError.code ?? outcome.networkError.name;
    // DNS answered that the name does not exist: a typo in "endpoint" (or "region") that no retry
    // fixes, so fail now rather than hold the stack for the whole timeout. EAI_AGAIN (the resolver
    // could not answer) and dropped connections stay transient.
    if (code === 'ENOTFOUND') {
      logCall('warn', call, { error: code, attempts: attempt, durationMs: Date.now() - started });
      throw new OperationFailedError(
        `${call.operation} could not reach the DCS endpoint ${url.origin}: its host name ${url.hostname} does not resolve (ENOTFOUND). ` +
          'Check "endpoint" (or "region") for a typo, then retry the stack operation.',
      );
    }
    if (!NETWORK_CODES.has(code) && outcome.networkError.name !== 'AbortError' && outcome.networkError.name !== 'TimeoutError') {
      throw outcome.networkError;
    }
    if (attempt >= MAX_ATTEMPTS) {
      logCall('warn', call, { error: code, requestId: lastRequestId, attempts: attempt, durationMs: Date.now() - started });
      throw new TransientServiceError(`${call.operation} could not reach ${url.host}: ${code} (after ${attempt} attempts)`, lastRequestId);
    }
    await sleep(backoffMs(attempt, false, undefined));
  }
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

function send(url: URL, call: HuaweiCall): Promise<RawResponse> {
  const basePath = url.pathname.replace(/\/+$/, '');
  const signed = signRequest(
    {
      method: call.method,
      host: url.host,
      path: `${basePath}${call.path}`,
      headers: { 'Content-Type': 'application/json', 'X-Project-Id': call.projectId },
    },
    call.credentials,
  );
  const transport = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise<RawResponse>((resolve, reject) => {
    const req = transport(
      {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port || undefined,
        method: call.method,
        path: signed.encodedPath + (signed.encodedQuery ? `?${signed.encodedQuery}` : ''),
        // User-Agent and Content-Length are sent unsigned, as Huawei's SDKs do.
        headers: { ...signed.headers, 'User-Agent': 'cdk-cutover', 'Content-Length': '0' },
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            res.destroy(Object.assign(new Error('Response body too large'), { code: 'ECONNABORTED' }));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Huawei error bodies: {"error_code","error_msg"} (services, API gateway) or {"error":{"code","message"}} (IAM). */
function parseError(body: string, credentials: AkSk): { code?: string; message?: string; requestId?: string } {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const nested = (parsed.error ?? {}) as Record<string, unknown>;
    const code = parsed.error_code ?? nested.code;
    const message = parsed.error_msg ?? nested.message;
    return {
      code: typeof code === 'string' ? code.slice(0, 64) : undefined,
      // Bounded: a failure reason must stay readable and CloudFormation truncates long ones.
      message: typeof message === 'string' ? redact(message, credentials).slice(0, 300) : undefined,
      requestId: typeof parsed.request_id === 'string' ? parsed.request_id.slice(0, 64) : undefined,
    };
  } catch {
    return {};
  }
}

/** Huawei's gateway echoes the AK in some 401 messages ("ak … not exist"); neither key may reach a failure reason. */
function redact(message: string, credentials: AkSk): string {
  let out = message;
  for (const secret of [credentials.accessKeyId, credentials.secretAccessKey]) {
    if (secret) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function backoffMs(attempt: number, throttled: boolean, retryAfter: string | undefined): number {
  const base = throttled ? THROTTLE_BACKOFF_BASE_MS : BACKOFF_BASE_MS;
  const computed = Math.floor(Math.random() * Math.min(BACKOFF_CAP_MS, base * 2 ** (attempt - 1)));
  const hintSeconds = Number(retryAfter);
  return Number.isFinite(hintSeconds) && hintSeconds > 0 ? Math.max(computed, Math.min(hintSeconds * 1000, BACKOFF_CAP_MS)) : computed;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function logCall(level: 'info' | 'warn', call: HuaweiCall, fields: Record<string, unknown>): void {
  logger[level](level === 'info' ? 'Huawei call succeeded' : 'Huawei call failed', { action: call.iamAction, operation: call.operation, ...fields });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
