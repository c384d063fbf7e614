import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';

const PREFIX = '/cutover-wait-condition-handle/';

/** One signal a handle received, as the waiter sent it. */
export interface WaitSignal {
  readonly at: number;
  readonly status: string;
  readonly reason?: string;
  readonly uniqueId?: string;
  readonly data?: string;
}

/** A wait condition and its handle, as CloudFormation holds them. */
export interface WaitConditionState {
  readonly id: string;
  readonly url: string;
  /** Seconds from creation, as the WaitCondition's Timeout. */
  readonly timeoutSeconds: number;
  /** When the wait condition was created: its Timeout counts from here. */
  createdAt: number;
  readonly signals: WaitSignal[];
}

/**
 * Stands in for the pre-signed S3 URL of AWS::CloudFormation::WaitConditionHandle and the wait
 * condition on it: records each signal (an HTTP PUT of {Status, Reason, UniqueId, Data} with an
 * empty Content-Type, as S3 checks the signed one) and refuses a handle it does not know (a made-up
 * or deleted one) as S3 refuses an unknown key. The condition is SUCCESS on its first SUCCESS
 * signal, FAILURE on a FAILURE signal, TIMED_OUT when its Timeout passes first.
 */
export class WaitConditionService implements ServiceModule {
  readonly name = 'waitcondition';
  private readonly handles = new Map<string, WaitConditionState>();
  /** PUTs to handles nobody created, refused. */
  readonly refused: { readonly at: number; readonly path: string }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly baseUrl: () => string,
  ) {}

  /** Creates a handle (its URL is what Ref gives) and its wait condition with `timeoutSeconds`. */
  createHandle(timeoutSeconds: number): WaitConditionState {
    const id = randomUUID();
    const state: WaitConditionState = {
      id,
      url: `${this.baseUrl()}${PREFIX}${id}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${randomUUID().replace(/-/g, '')}`,
      timeoutSeconds,
      createdAt: this.clock.now(),
      signals: [],
    };
    this.handles.set(id, state);
    return state;
  }

  /**
   * The wait condition on this handle is created now (CloudFormation creates it once the step's
   * custom resource has answered, long after the handle): its Timeout counts from here.
   */
  createCondition(url: string): void {
    const state = this.handleOf(url);
    if (state) state.createdAt = this.clock.now();
  }

  /** Forgets a handle (its stack resource was deleted): later PUTs are refused. */
  deleteHandle(url: string): void {
    this.handles.delete(idOf(url));
  }

  allHandles(): WaitConditionState[] {
    return [...this.handles.values()];
  }

  handleOf(url: string): WaitConditionState | undefined {
    return this.handles.get(idOf(url));
  }

  /** The wait condition's status now. */
  status(url: string): 'WAITING' | 'SUCCESS' | 'FAILURE' | 'TIMED_OUT' {
    const state = this.handleOf(url);
    if (!state) throw new Error('The emulator has no such wait-condition handle');
    const first = state.signals.find((s) => s.at <= state.createdAt + state.timeoutSeconds * 1000 && (s.status === 'SUCCESS' || s.status === 'FAILURE'));
    if (first) return first.status as 'SUCCESS' | 'FAILURE';
    return this.clock.now() >= state.createdAt + state.timeoutSeconds * 1000 ? 'TIMED_OUT' : 'WAITING';
  }

  /** Resolves when the wait condition is decided (signalled or timed out), checking every few real ms. */
  async settled(url: string): Promise<'SUCCESS' | 'FAILURE' | 'TIMED_OUT'> {
    for (;;) {
      const status = this.status(url);
      if (status !== 'WAITING') return status;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The wait condition's Data attribute: a JSON object of UniqueId → Data of its SUCCESS signals. */
  dataAttribute(url: string): string {
    const state = this.handleOf(url);
    const data = Object.fromEntries((state?.signals ?? []).filter((s) => s.status === 'SUCCESS').map((s) => [s.uniqueId ?? '', s.data ?? '']));
    return JSON.stringify(data);
  }

  matches(request: EmulatorRequest): boolean {
    return request.path.startsWith(PREFIX);
  }

  operationOf(): string {
    return 'Signal';
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    const state = this.handles.get(request.path.slice(PREFIX.length));
    if (!state) {
      this.refused.push({ at: this.clock.now(), path: request.path });
      return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    }
    if (request.method !== 'PUT') return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    // The URL was signed for an empty Content-Type: any other fails the signature, as in S3.
    if ((request.headers['content-type'] ?? '') !== '') {
      return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    let body: { Status?: string; Reason?: string; UniqueId?: string; Data?: string };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      // S3 stores anything; CloudFormation ignores a signal it cannot read.
      return { status: 200, headers: { etag: '"0"' } };
    }
    state.signals.push({ at: this.clock.now(), status: String(body.Status), reason: body.Reason, uniqueId: body.UniqueId, data: body.Data });
    return { status: 200, headers: { etag: `"${randomUUID()}"` } };
  }

  renderFault(kind: RenderedFaultKind): EmulatorResponse {
    if (kind === 'throttle') return s3Error(503, 'SlowDown', 'Please reduce your request rate.');
    if (kind === 'access-denied') return s3Error(403, 'AccessDenied', 'Access Denied');
    return s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
  }
}

function idOf(url: string): string {
  return new URL(url).pathname.slice(PREFIX.length);
}

function s3Error(status: number, code: string, message: string): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}
