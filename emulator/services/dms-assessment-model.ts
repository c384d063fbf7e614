import { epochSeconds } from '../core/protocols';

/** The model of the emulated DMS premigration assessment runs: seeds, records and their pure status rules. */

/** Run states that are not final (AWS DMS API Reference, ReplicationTaskAssessmentRun.Status); every other value is terminal. */
export const ACTIVE = new Set(['starting', 'provisioning', 'running']);

/** What an individual assessment ends as. */
export type IndividualAssessmentResult = 'passed' | 'failed' | 'error' | 'warning' | 'skipped' | 'cancelled';

/** How the runs started on one task behave. Durations are emulated milliseconds. */
export interface AssessmentRunPlan {
  /** @default the module's startingMs */
  readonly startingMs?: number;
  /** @default the module's provisioningMs */
  readonly provisioningMs?: number;
  /** From `running` until every individual assessment has finished. @default the module's runningMs */
  readonly runningMs?: number;
  /** From CancelReplicationTaskAssessmentRun to `cancelled`. @default the module's cancellingMs */
  readonly cancellingMs?: number;
  /** Results by individual assessment name; an assessment not listed passes. */
  readonly results?: Readonly<Record<string, IndividualAssessmentResult>>;
  /** An internal DMS error instead of the outcome the results imply. @default - from the results */
  readonly outcome?: 'error-provisioning' | 'error-executing' | 'invalid state';
  /** The run's LastFailureMessage when it does not pass. @default - a message naming the first problem */
  readonly lastFailureMessage?: string;
}

export interface DmsAssessmentOptions {
  /** @default 50 */
  readonly startingMs?: number;
  /** @default 100 */
  readonly provisioningMs?: number;
  /** @default 200 */
  readonly runningMs?: number;
  /** @default 100 */
  readonly cancellingMs?: number;
  /**
   * What a cancelled run reports once its cancel is done (its task leaves `testing` either way).
   * Undocumented: the DMS docs list no final "cancelled" and describe `cancelling` as "the
   * assessment run was canceled", while other reports show runs ending `cancelled`; a handler must
   * be right under both. @default 'cancelled'
   */
  readonly afterCancel?: AfterCancel;
  /** Individual assessments DMS offers for a task that has no list of its own. @default DEFAULT_APPLICABLE_ASSESSMENTS */
  readonly applicable?: readonly string[];
}

/** Why a start is refused before any run exists (faults DMS reports synchronously). */
export type StartRefusal =
  | { readonly kind: 'bucket-denied'; readonly bucket: string }
  | { readonly kind: 'bucket-missing'; readonly bucket: string }
  | { readonly kind: 'role-denied'; readonly roleArn: string }
  | { readonly kind: 'kms'; readonly keyArn: string; readonly fault: 'KMSAccessDeniedFault' | 'KMSDisabledFault' | 'KMSNotFoundFault' | 'KMSInvalidStateFault' | 'KMSKeyNotAccessibleFault' };

/** A MySQL → PostgreSQL task's applicable individual assessments (names as DMS spells them). */
export const DEFAULT_APPLICABLE_ASSESSMENTS: readonly string[] = [
  'mysql-check-binlog-format',
  'mysql-check-binlog-row-image',
  'mysql-check-server-id',
  'mysql-check-expire-logs-days',
  'unsupported-data-types-in-source',
  'full-lob-not-nullable-at-target',
  'table-with-lob-but-without-primary-key-or-unique-constraint',
  'table-with-no-primary-key-or-unique-constraint',
];

export interface IndividualRecord {
  readonly name: string;
  readonly arn: string;
  readonly result: IndividualAssessmentResult;
  /** Emulated time at which this assessment finishes. */
  readonly doneAt: number;
}

export interface RunRecord {
  readonly arn: string;
  readonly taskArn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly bucket: string;
  readonly folder?: string;
  readonly encryptionMode?: string;
  readonly kmsKeyArn?: string;
  readonly tags: ReadonlyArray<{ Key?: string; Value?: string }>;
  readonly createdAt: number;
  readonly provisioningAt: number;
  readonly runningAt: number;
  /** When the run reaches its final status (unless cancelled first). */
  readonly endAt: number;
  readonly cancellingMs: number;
  readonly outcome?: AssessmentRunPlan['outcome'];
  readonly lastFailureMessage?: string;
  readonly individuals: readonly IndividualRecord[];
  /** The task's status before the run put it into `testing`. */
  readonly priorTaskStatus: string;
  cancel?: { readonly requestedAt: number; readonly doneAt: number; readonly staysCancelling: boolean };
}

/** `cancelled`: cancelling → cancelled when the cancel is done; `stays-cancelling`: it reads `cancelling` for good. */
export type AfterCancel = 'cancelled' | 'stays-cancelling';

/** A run's status at emulated time `now`: a pure function of its schedule. */
export function runStatus(run: RunRecord, now: number): string {
  if (run.cancel && now >= run.cancel.requestedAt) return now < run.cancel.doneAt || run.cancel.staysCancelling ? 'cancelling' : 'cancelled';
  if (now < run.provisioningAt) return 'starting';
  if (now < run.runningAt) return 'provisioning';
  if (now < run.endAt) return 'running';
  if (run.outcome) return run.outcome;
  const results = run.individuals.map((i) => i.result);
  if (results.includes('failed')) return 'failed';
  if (results.includes('error')) return 'error-executing';
  if (results.includes('warning')) return 'warning';
  return 'passed';
}

/** An individual assessment's status at `now`. */
export function individualStatus(run: RunRecord, individual: IndividualRecord, now: number): string {
  const stoppedAt = run.cancel?.requestedAt ?? Infinity;
  if (run.outcome === 'error-provisioning') return now < run.runningAt ? 'pending' : 'cancelled';
  if (individual.doneAt <= Math.min(now, stoppedAt)) return individual.result;
  if (now >= stoppedAt) return 'cancelled';
  return now < run.runningAt ? 'pending' : 'running';
}

/** The wire shape of a run at `now` (awsJson epoch-second timestamps). */
export function wireRun(run: RunRecord, now: number, isLatest: boolean): Record<string, unknown> {
  const status = runStatus(run, now);
  const statuses = run.individuals.map((i) => individualStatus(run, i, now));
  const count = (s: string) => statuses.filter((x) => x === s).length;
  const finished = statuses.filter((s) => s !== 'pending' && s !== 'running').length;
  const problem = run.individuals.find((i) => ['failed', 'error'].includes(individualStatus(run, i, now)));
  const lastFailureMessage =
    status === 'passed' || ACTIVE.has(status)
      ? undefined
      : (run.lastFailureMessage ??
        (status === 'error-provisioning'
          ? 'Failed to provision resources for the assessment run'
          : problem
            ? `Individual assessment ${problem.name} ${individualStatus(run, problem, now)}`
            : undefined));
  return {
    ReplicationTaskAssessmentRunArn: run.arn,
    ReplicationTaskArn: run.taskArn,
    Status: status,
    ReplicationTaskAssessmentRunCreationDate: epochSeconds(run.createdAt),
    AssessmentProgress: { IndividualAssessmentCount: run.individuals.length, IndividualAssessmentCompletedCount: finished },
    ...(lastFailureMessage ? { LastFailureMessage: lastFailureMessage } : {}),
    ServiceAccessRoleArn: run.roleArn,
    ResultLocationBucket: run.bucket,
    ...(run.folder ? { ResultLocationFolder: run.folder } : {}),
    ...(run.encryptionMode ? { ResultEncryptionMode: run.encryptionMode } : {}),
    ...(run.kmsKeyArn ? { ResultKmsKeyArn: run.kmsKeyArn } : {}),
    AssessmentRunName: run.name,
    IsLatestTaskAssessmentRun: isLatest,
    ResultStatistic: {
      Passed: count('passed'),
      Failed: count('failed'),
      Error: count('error'),
      Warning: count('warning'),
      Cancelled: count('cancelled'),
      Skipped: count('skipped'),
    },
  };
}
