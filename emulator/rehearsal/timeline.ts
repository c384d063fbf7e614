import { writeFileSync } from 'node:fs';

/** The stages CloudFormation goes through; Rollback and Cleanup follow a failed or replacing one. */
export type Phase = 'Create' | 'Update' | 'Delete' | 'Rollback' | 'Cleanup';

/** One API call a step made, from the emulator's call log. */
export interface StepCall {
  readonly service: string;
  readonly operation: string;
  /** Emulated epoch milliseconds. */
  readonly at: number;
  readonly status: number | 'dropped';
  readonly fault?: string;
}

/** One CloudFormation request to one resource, and what came of it. */
export interface StepRecord {
  readonly stack: string;
  /** The StackId the events carried (arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/GUID). */
  readonly stackId?: string;
  /** The stack's status while the step ran (what DescribeStacks answered the handler). */
  readonly stackStatus?: string;
  /** Construct path inside the stack. */
  readonly resource: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly phase: Phase;
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly target: string;
  /** The target's region, when it is not the stack's. */
  readonly targetRegion?: string;
  /** The target's account, when it is not the stack's. */
  readonly targetAccount?: string;
  /** NOT_RUN: never started because an earlier step failed. */
  readonly result: 'SUCCESS' | 'FAILED' | 'NOT_RUN';
  /** The Outcome attribute (DONE, SKIPPED, NOTHING_TO_DO, NOT_FOUND, ISSUED), or FAILED / NOT RUN. */
  readonly outcome: string;
  /** The target's status at the end. */
  readonly status?: string;
  /** CloudFormation's status reason on failure, or why a step did not run. */
  readonly reason?: string;
  /** The handler's Note attribute: why it did what it did (e.g. a teardown step skipped on rollback). */
  readonly note?: string;
  /** Beyond one hour: which waiter carried the step to its wait condition's signal. */
  readonly waiter?: string;
  readonly physicalResourceId?: string;
  readonly attributes?: Record<string, string>;
  /** Emulated epoch milliseconds. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** Emulated duration (what it would take in AWS); for a step that only looked, the Provider's waits between polls. */
  readonly durationMs?: number;
  /** Wall-clock duration of the rehearsal step. */
  readonly realDurationMs?: number;
  /** isComplete polls. */
  readonly polls?: number;
  /** The access key id the step's invocations signed their calls with (how calls are credited to it). */
  readonly accessKeyId?: string;
  readonly apiCalls: readonly StepCall[];
  /** The target's status changes during the step. */
  readonly states: ReadonlyArray<{ readonly at: number; readonly status: string }>;
}

/** A step in progress, for live display. */
export interface LiveStep {
  readonly phase: Phase;
  readonly stack: string;
  readonly resource: string;
  readonly target: string;
  /** Emulated milliseconds since the step started. */
  elapsedMs(): number;
  status(): string;
}

/** Receives progress as the rehearsal runs. */
export interface Reporter {
  phase(phase: Phase, description: string): void;
  stepStarted(step: LiveStep): void;
  stepFinished(step: StepRecord): void;
  finish(): void;
}

/** Writes the --json timeline: every step with its calls and state changes, times in ISO form. */
export function writeTimeline(file: string, result: { ok: boolean; speed: number; faults: readonly unknown[]; steps: readonly StepRecord[] }): void {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const timeline = {
    ok: result.ok,
    speed: result.speed,
    faults: result.faults,
    steps: result.steps.map((s) => ({
      ...s,
      startedAt: iso(s.startedAt),
      endedAt: iso(s.endedAt),
      apiCalls: s.apiCalls.map((c) => ({ ...c, at: iso(c.at) })),
      states: s.states.map((t) => ({ ...t, at: iso(t.at) })),
    })),
  };
  writeFileSync(file, JSON.stringify(timeline, null, 2) + '\n');
}
