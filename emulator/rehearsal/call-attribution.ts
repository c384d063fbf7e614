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
 * Calls signed otherwise are credited by target: those not SigV4-signed (Huawei's AK/SK gateway,
 * where one target has one operation) and those signed with a role the handler assumed (another
 * account), whose temporary key the emulator's STS issued.
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
        return targetIds.some((id) => JSON.stringify(c.params).includes(id));
      });
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
