import type { FaultKind } from './types';

/**
 * A string every injected error body carries outside its code and message (an extra JSON member or
 * XML element that no client surfaces). A handler may log an error's code and message; a log line
 * holding this marker therefore quotes a raw response body, which for DCS can hold Redis passwords.
 */
export const FAULT_BODY_MARKER = 'EMULATOR-FAULT-BODY-5b1c9e';

/** The marker as an extra member of a JSON error body. */
export const FAULT_BODY_MEMBER = { emulatorFaultBody: FAULT_BODY_MARKER };

export interface FaultSpec {
  readonly kind: FaultKind;
  /** How many of the next matching calls get the fault. */
  readonly count?: number;
  /** Limit to one service ("dms", "rds", …). */
  readonly service?: string;
  /** Limit to one operation ("StopReplicationTask", …). */
  readonly operation?: string;
  /** For 'slow': real milliseconds to wait before answering. */
  readonly delayMs?: number;
  /**
   * Limit to calls whose parameters mention this string (a task id, an ARN): a retry that an
   * earlier, abandoned invocation is still making cannot take a fault meant for another target.
   */
  readonly target?: string;
}

interface ArmedFault extends FaultSpec {
  remaining: number;
}

/** Faults armed for the next K matching calls, consumed in the order they were injected. */
export class FaultPlan {
  private armed: ArmedFault[] = [];

  inject(spec: FaultSpec): void {
    const count = spec.count ?? 1;
    if (!(count >= 1)) throw new Error(`Fault count must be at least 1, got ${spec.count}`);
    this.armed.push({ ...spec, remaining: count });
  }

  /** The fault for this call, if one is armed for it (and counts it down). */
  take(service: string, operation: string, params: unknown = {}): FaultSpec | undefined {
    const fault = this.armed.find(
      (f) =>
        f.remaining > 0 &&
        (!f.service || f.service === service) &&
        (!f.operation || f.operation === operation) &&
        (!f.target || JSON.stringify(params).includes(f.target)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.armed = this.armed.filter((f) => f !== fault);
    return fault;
  }

  /** How many faulty calls are still armed. */
  pending(): number {
    return this.armed.reduce((n, f) => n + f.remaining, 0);
  }

  clear(): void {
    this.armed = [];
  }
}
