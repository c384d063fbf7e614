import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from './clock';
import { FaultPlan } from './faults';
import { AccessKeyRegistry } from './identity';
import { RateLimiter, RateLimits, TrafficStats, trafficStats } from './rate-limits';
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
    /** Access key id → account; shared with STS, which registers the keys it issues. */
    readonly accessKeys = new AccessKeyRegistry(),
    rateLimits: RateLimits = {},
  ) {
    this.rateLimiter = new RateLimiter(clock, rateLimits);
  }

  async listen(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.serve(req, res));
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
   * Endpoint variables for every AWS service, plus a region and credentials: by default dummy keys
   * of the default account in us-east-1; with `scope`, a Lambda's view from that region and account
   * (its key is registered to the account, so its calls see that account's resources).
   */
  awsEnvironment(scope: { region?: string; account?: string } = {}): Record<string, string> {
    let accessKeyId = 'AKIDEMULATOR';
    if (scope.account !== undefined && scope.account !== this.accessKeys.defaultAccount) {
      accessKeyId = `AKIDEMULATOR${scope.account}`;
      this.accessKeys.register(accessKeyId, scope.account);
    }
    const env: Record<string, string> = {
      AWS_REGION: scope.region ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'emulator-secret-key',
      AWS_SESSION_TOKEN: 'emulator-session-token',
    };
    for (const service of this.services) {
      const variable = ENDPOINT_VARIABLES[service.name];
      if (variable) env[variable] = this.url;
    }
    return env;
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
    const request = await readRequest(req, this.accessKeys);
    const service = this.services.find((s) => s.matches(request));
    if (!service) {
      write(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: `No emulated service for ${request.method} ${request.path}` });
      return;
    }
    const operation = service.operationOf(request);
    const params = paramsOf(request);
    const { region, account, accessKeyId } = request.caller;
    if (this.accessKeys.expired(accessKeyId, this.clock.now())) {
      // A session key past its Expiration is refused before anything else, as AWS does.
      const expired = service.renderExpiredToken?.(request) ?? { status: 403, headers: { 'content-type': 'text/plain' }, body: 'ExpiredToken' };
      this.calls.push({ service: service.name, operation, at: this.clock.now(), status: expired.status, params, region, account, accessKeyId });
      if (!res.destroyed) write(res, expired);
      return;
    }
    if (!this.rateLimiter.admit(service.name, request.caller)) {
      // Over the quota: the service's own throttling error, before any armed fault or state change.
      const throttled = service.renderFault('throttle', request);
      this.calls.push({ service: service.name, operation, at: this.clock.now(), status: throttled.status, params, region, account, accessKeyId, rateLimited: true });
      if (!res.destroyed) write(res, throttled);
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
    if (!res.destroyed) write(res, response);
  }
}

function renderFaultFor(service: ServiceModule, kind: Exclude<FaultKind, 'drop' | 'slow'>, request: EmulatorRequest): EmulatorResponse {
  if (kind !== 'invalid-state') return service.renderFault(kind, request);
  if (!service.renderInvalidState) throw new Error(`The emulated ${service.name} service cannot render an invalid-state fault`);
  return service.renderInvalidState(request);
}

async function readRequest(req: IncomingMessage, accessKeys: AccessKeyRegistry): Promise<EmulatorRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://emulator');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
    caller: accessKeys.callerOf({ headers }),
  };
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

function write(res: ServerResponse, response: EmulatorResponse): void {
  const body = response.body ?? '';
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
