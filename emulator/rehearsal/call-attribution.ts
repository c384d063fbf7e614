import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallRecord, Emulator, ServiceModule } from '../index';

/** The event field that hands an invocation its step's access key (stripped by handler-runtime.mjs). */
export const ACCESS_KEY_FIELD = 'RehearsalAccessKeyId';

const SIGV4_CREDENTIAL = /Credential=([^/,\s]+)\//;

/** A call log entry; the emulator's call log names the signing access key (SigV4 calls). */
type Call = CallRecord & { readonly accessKeyId?: string };

/**
 * Credits each emulated API call to the step whose handler invocation made it. Every cutover
 * resource gets an access key id of its own, which its invocations sign their calls with (see
 * handler-runtime.mjs), so two operations on one target (an assessment and a stop of the same
 * task) each get their own calls, however the handler processes are shared.
 *
 * Calls signed with a role the handler assumed (another account) are credited to the step whose key
 * assumed it, through the session the emulator's STS issued. Calls signed otherwise (Huawei's AK/SK
 * gateway, where one target has one operation) are credited by target.
 */
export class CallAttribution {
  private readonly keys = new Map<string, string>();
  private readonly stepKeys = new Set<string>();
  private readonly signedBy = new WeakMap<CallRecord, string>();

  constructor(private readonly emulator: Emulator) {
    this.bridgeCallLog();
  }

  /** The access key id of a step (stack and logical id), the same in every phase. */
  accessKeyOf(stack: string, logicalId: string, account: string): string {
    const step = `${stack}/${logicalId}`;
    let key = this.keys.get(step);
    if (!key) {
      // ASIA: temporary credentials, as a Lambda function's role gives; 20 characters like AWS's.
      key = `ASIAREHEARSAL${String(this.keys.size + 1).padStart(7, '0')}`;
      this.keys.set(step, key);
      this.stepKeys.add(key);
      // Registered as the stack account's execution role key, with the harness's secret and session
      // token that the handler's environment carries (handler-runtime.mjs swaps only the key id).
      this.emulator.functionCredentials(key, account);
    }
    return key;
  }

  /** The calls since `firstCall` up to `endedAt` that the step with this key (and target) made. */
  callsOf(accessKeyId: string, targetIds: readonly string[], firstCall: number, endedAt: number): Call[] {
    return this.emulator
      .callLog()
      .slice(firstCall)
      .filter((c) => c.at <= endedAt)
      .filter((c) => {
        const signer = this.signerOf(c);
        if (this.stepKeys.has(signer)) return signer === accessKeyId;
        // A key STS issued to a step's own key (assumedRoleArn): every call made with it is that step's,
        // listings that name no target included.
        const assumedBy = this.assumedBy(signer);
        if (assumedBy !== undefined && this.stepKeys.has(assumedBy)) return assumedBy === accessKeyId;
        return targetIds.some((id) => JSON.stringify(c.params).includes(id));
      });
  }

  /** The key that assumed the role whose temporary key this is; undefined for any other key. */
  private assumedBy(accessKeyId: string): string | undefined {
    if (!accessKeyId) return undefined;
    const sts = (this.emulator as { sts?: { sessions(): Array<{ accessKeyId: string; assumedBy: { accessKeyId: string } }> } }).sts;
    return sts?.sessions().find((s) => s.accessKeyId === accessKeyId)?.assumedBy.accessKeyId;
  }

  private signerOf(call: Call): string {
    return call.accessKeyId ?? this.signedBy.get(call) ?? '';
  }

  /**
   * Until the emulator's call log names the signing access key itself, note it per call: each
   * service learns the request's Authorization header in operationOf, and the call record pushed
   * later in the same request's async flow picks it up. A no-op once records carry accessKeyId.
   */
  private bridgeCallLog(): void {
    const server = this.emulator.server as unknown as { services?: ServiceModule[]; calls?: CallRecord[] };
    const { services, calls } = server;
    if (!services || !calls) return;
    const signer = new AsyncLocalStorage<string>();
    for (const service of services) {
      const operationOf = service.operationOf.bind(service);
      service.operationOf = (request) => {
        signer.enterWith(SIGV4_CREDENTIAL.exec(request.headers.authorization ?? '')?.[1] ?? '');
        return operationOf(request);
      };
    }
    const push = calls.push.bind(calls);
    calls.push = (...records: CallRecord[]) => {
      for (const record of records) this.signedBy.set(record, signer.getStore() ?? '');
      return push(...records);
    };
  }
}
