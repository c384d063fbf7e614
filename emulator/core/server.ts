import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderAuthFailure } from './auth-errors';
import { Clock } from './clock';
import { FUNCTION_SECRET_ACCESS_KEY, FUNCTION_SESSION_TOKEN, functionAccessKeyId, SigningCredentials } from './credentials';
import { FaultPlan } from './faults';
import { AccessKeyRegistry, Caller, DEFAULT_REGION } from './identity';
import { RateLimiter, RateLimits, TrafficStats, trafficStats } from './rate-limits';
import { AuthFailure, authenticate, WireRequest } from './sigv4';
import type { CallRecord, EmulatorRequest, EmulatorResponse, FaultKind, ServiceModule } from './types';

/** The environment variables that point the unmodified AWS SDK clients at this emulator. */
const ENDPOINT_VARIABLES: Record<string, string> = {
  dms: 'AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE',
  rds: 'AWS_ENDPOINT_URL_RDS',
  drs: 'AWS_ENDPOINT_URL_DRS',
  secretsmanager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  sts: 'AWS_ENDPOINT_URL_STS',
  cloudformation: 'AWS_ENDPOINT_URL_CLOUDFORMATION',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
  states: 'AWS_ENDPOINT_URL_SFN',
};

/** Each AWS service's SigV4 signing name, which a request's credential scope must name. */
const SIGNING_NAMES: Record<string, string> = {
  dms: 'dms',
  rds: 'rds',
  drs: 'drs',
  secretsmanager: 'secretsmanager',
  sts: 'sts',
  cloudformation: 'cloudformation',
  // CloudWatch's endpoint and signing name are `monitoring`, not `cloudwatch`.
  cloudwatch: 'monitoring',
  // Step Functions' endpoint is `states.<region>.amazonaws.com` and its signing name `states`.
  states: 'states',
};

/**
 * Real time a request may spend between its signing and its check on a loaded machine (event
 * loops of the handler and of the emulator). On a clock running N times faster that trip lasts N
 * times longer in emulated time without any clock being wrong, so the skew window grows by the
 * compressed part, (N - 1) times this; at speed 1 it is exactly AWS's 15 minutes.
 */
const IN_FLIGHT_REAL_MS = 10_000;

/**
 * Services that check their own credentials: Huawei's AK/SK gateway (not AWS's), and the
 * wait-condition handle, a pre-signed S3 URL whose signature is in the URL itself, so a PUT to it
 * carries no SigV4 header (the service refuses a URL it never issued, as S3 refuses an unknown key).
 */
const OWN_AUTHENTICATION = new Set(['dcs', 'waitcondition']);

/**
 * One loopback HTTP server speaking several services' real wire protocols. Requests are routed to
 * the first service module that recognises them; faults armed in `faults` replace real answers.
 */
export class EmulatorServer {
  readonly faults = new FaultPlan();
  private readonly calls: CallRecord[] = [];
  private server?: Server;
  private readonly sockets = new Set<import('node:net').Socket>();

  private readonly rateLimiter: RateLimiter;

  constructor(
    readonly clock: Clock,
    private readonly services: readonly ServiceModule[],
    /** The access keys requests may be signed with; shared with STS, which registers the keys it issues. */
    readonly accessKeys = new AccessKeyRegistry(),
    rateLimits: RateLimits = {},
  ) {
    this.rateLimiter = new RateLimiter(clock, rateLimits);
  }

  async listen(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: Error) => {
        // An emulator bug must reach the client as one, not as a request that never answers.
        if (!res.headersSent && !res.destroyed) this.write(res, { status: 599, headers: { 'content-type': 'text/plain' }, body: `Emulator error: ${error.stack}` });
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
  }

  get url(): string {
    if (!this.server) throw new Error('The emulator is not listening; call start() first');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Endpoint variables for every AWS service, plus a region and credentials: the execution role
   * key of a Lambda function in that account (default: the default account) and region (default
   * us-east-1), with its secret and session token. The key is registered here, so its calls are
   * authenticated and see that account's resources.
   */
  awsEnvironment(scope: { region?: string; account?: string } = {}): Record<string, string> {
    const account = scope.account ?? this.accessKeys.defaultAccount;
    const credentials = this.functionCredentials(functionAccessKeyId(account), account);
    const env: Record<string, string> = {
      AWS_REGION: scope.region ?? DEFAULT_REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken!,
    };
    for (const service of this.services) {
      const variable = ENDPOINT_VARIABLES[service.name];
      if (variable) env[variable] = this.url;
    }
    return env;
  }

  /**
   * Registers a Lambda execution role key of `account` (the harness's fixed secret and session
   * token, see credentials.ts) and returns the credentials to sign with.
   */
  functionCredentials(accessKeyId: string, account: string): SigningCredentials {
    const credentials = { accessKeyId, secretAccessKey: FUNCTION_SECRET_ACCESS_KEY, sessionToken: FUNCTION_SESSION_TOKEN };
    this.accessKeys.register({ ...credentials, account });
    return credentials;
  }

  /** Calls recorded so far, optionally only those of one service and/or operation. */
  callLog(filter: { service?: string; operation?: string } = {}): CallRecord[] {
    return this.calls.filter(
      (c) => (!filter.service || c.service === filter.service) && (!filter.operation || c.operation === filter.operation),
    );
  }

  /** Calls, throttled calls and per-second peak/average of one service, optionally over an emulated-time window. */
  traffic(service: string, window: { fromMs?: number; toMs?: number } = {}): TrafficStats {
    return trafficStats(this.callLog({ service }), window);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const wire = await readWire(req);
    // Routing and the call log use who the request claims to be; the services see it once proven.
    const claimed: EmulatorRequest = { ...requestOf(wire), caller: this.accessKeys.callerOf(wire) };
    const service = this.services.find((s) => s.matches(claimed));
    if (!service) {
      this.write(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: `No emulated service for ${claimed.method} ${claimed.path}` });
      return;
    }
    const operation = service.operationOf(claimed);
    const params = paramsOf(claimed);
    const verdict = await this.authenticate(service, wire);
    if ('refusal' in verdict) {
      // Refused before quotas, faults or state, as AWS authenticates before anything else.
      const { region, account, accessKeyId } = claimed.caller;
      this.calls.push({ service: service.name, operation, at: this.clock.now(), status: verdict.refusal.status, params, region, account, accessKeyId, authFailure: verdict.failure });
      if (!res.destroyed) this.write(res, verdict.refusal);
      return;
    }
    const request: EmulatorRequest = { ...claimed, caller: verdict.caller };
    const { region, account, accessKeyId } = request.caller;
    if (!this.rateLimiter.admit(service.name, request.caller)) {
      // Over the quota: the service's own throttling error, before any armed fault or state change.
      const throttled = service.renderFault('throttle', request);
      this.calls.push({ service: service.name, operation, at: this.clock.now(), status: throttled.status, params, region, account, accessKeyId, rateLimited: true });
      if (!res.destroyed) this.write(res, throttled);
      return;
    }
    const fault = this.faults.take(service.name, operation, params);
    const record = (status: number | 'dropped') =>
      this.calls.push({ service: service.name, operation, at: this.clock.now(), status, fault: fault?.kind, params, region, account, accessKeyId });

    if (fault?.kind === 'drop') {
      record('dropped');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));

    let response: EmulatorResponse;
    try {
      response = !fault || fault.kind === 'slow' ? await service.handle(request) : renderFaultFor(service, fault.kind, request);
    } catch (error) {
      // A bug in an emulated service must show up as such, not as a plausible service answer.
      response = { status: 599, headers: { 'content-type': 'text/plain' }, body: `Emulator error: ${(error as Error).stack}` };
    }
    record(response.status);
    if (!res.destroyed) this.write(res, response);
  }

  /** Who a request proves to be, or the service's refusal in the request's protocol. */
  private async authenticate(
    service: ServiceModule,
    wire: WireRequest,
  ): Promise<{ caller: Caller } | { refusal: EmulatorResponse; failure: AuthFailure['kind'] }> {
    if (OWN_AUTHENTICATION.has(service.name)) return { caller: { region: DEFAULT_REGION, account: this.accessKeys.defaultAccount, accessKeyId: '' } };
    const signingName = SIGNING_NAMES[service.name];
    if (!signingName) {
      // A service added without saying how it authenticates must not quietly serve everyone.
      return { refusal: { status: 599, headers: { 'content-type': 'text/plain' }, body: `Emulator error: no SigV4 signing name for service ${service.name}` }, failure: 'missing' };
    }
    const verdict = await authenticate(wire, signingName, this.accessKeys, this.clock.now(), IN_FLIGHT_REAL_MS * (this.clock.speed - 1));
    if (verdict.ok) return { caller: { region: verdict.region, account: verdict.key.account, accessKeyId: verdict.key.accessKeyId } };
    const { failure } = verdict;
    // Rendered by the request's protocol, not the service's: one service (CloudWatch) speaks several.
    return { refusal: renderAuthFailure(failure, wire.headers, signingName), failure: failure.kind };
  }

  /** Writes an answer dated by the emulator's clock, as AWS dates its answers by its own (clients correct their skew from it). */
  private write(res: ServerResponse, response: EmulatorResponse): void {
    const body = response.body ?? '';
    res.writeHead(response.status, { date: new Date(this.clock.now()).toUTCString(), ...response.headers, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}

function renderFaultFor(service: ServiceModule, kind: Exclude<FaultKind, 'drop' | 'slow'>, request: EmulatorRequest): EmulatorResponse {
  if (kind !== 'invalid-state') return service.renderFault(kind, request);
  if (!service.renderInvalidState) throw new Error(`The emulated ${service.name} service cannot render an invalid-state fault`);
  return service.renderInvalidState(request);
}

async function readWire(req: IncomingMessage): Promise<WireRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const target = req.url ?? '/';
  const at = target.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: at < 0 ? target : target.slice(0, at),
    rawQuery: at < 0 ? '' : target.slice(at + 1),
    headers,
    body: Buffer.concat(chunks),
  };
}

function requestOf(wire: WireRequest): Omit<EmulatorRequest, 'caller'> {
  const url = new URL(`${wire.rawPath}${wire.rawQuery ? `?${wire.rawQuery}` : ''}`, 'http://emulator');
  return { method: wire.method, path: url.pathname, query: url.searchParams, headers: wire.headers, body: Buffer.from(wire.body).toString('utf8') };
}

function paramsOf(request: EmulatorRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  try {
    if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(request.body));
    if (request.body.trim().startsWith('{')) return JSON.parse(request.body) as Record<string, unknown>;
  } catch {
    // Unparseable bodies are logged by path only; the service module answers them itself.
  }
  return { path: request.path };
}
