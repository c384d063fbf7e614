import type { Clock } from '../core/clock';
import { awsJson, epochSeconds, requestIdHeader } from '../core/protocols';
import type { EmulatorResponse } from '../core/types';
import type { Caller } from '../core/identity';
import { type DmsService, isVisible } from './dms';
import { pageRecords, parseFilters, randomResourceId } from './dms-describe';
import { parseStartInput, refusalFor } from './dms-assessment-start';
import {
  ACTIVE,
  AfterCancel,
  AssessmentRunPlan,
  DEFAULT_APPLICABLE_ASSESSMENTS,
  DmsAssessmentOptions,
  individualStatus,
  RunRecord,
  runStatus,
  StartRefusal,
  wireRun,
} from './dms-assessment-model';

export type { AfterCancel, AssessmentRunPlan, DmsAssessmentOptions, IndividualAssessmentResult, StartRefusal } from './dms-assessment-model';
export { DEFAULT_APPLICABLE_ASSESSMENTS } from './dms-assessment-model';

/** Task states in which this emulator lets an assessment run start (emulator policy, see the class doc). */
const STARTABLE_TASK_STATES = new Set(['ready', 'stopped', 'failed']);
const RUN_FILTERS = new Set(['replication-task-assessment-run-arn', 'replication-task-arn', 'replication-instance-arn', 'status']);
const INDIVIDUAL_FILTERS = new Set(['replication-task-assessment-run-arn', 'replication-task-arn', 'status']);
const TASK_ARN = /^arn:([a-z-]+):dms:([a-z0-9-]+):(\d{12}):task:[A-Za-z0-9-]+$/;

/**
 * Premigration assessment runs of the emulated DMS: StartReplicationTaskAssessmentRun,
 * DescribeReplicationTaskAssessmentRuns, CancelReplicationTaskAssessmentRun,
 * DescribeApplicableIndividualAssessments and DescribeReplicationTaskIndividualAssessments,
 * registered on the DMS service's operation table.
 *
 * A run goes starting → provisioning → running → passed | warning | failed | error-*, or
 * cancelling → cancelled after a cancel (or `cancelling` for good: `afterCancel`); its state is a pure function of the emulator clock. While a
 * run is active its task is `testing` and goes back to its previous status when the run ends.
 *
 * Emulator policy where the AWS DMS API Reference (StartReplicationTaskAssessmentRun) documents nothing: a run starts only on a task
 * that is `ready`, `stopped` or `failed` (anything else, `testing` included, answers
 * InvalidResourceStateFault); run names are unique per task (ResourceAlreadyExistsFault, carrying
 * `resourceArn`); a filter that matches nothing answers ResourceNotFoundFault, as
 * DescribeReplicationTasks does; cancelling a run that is not active answers InvalidResourceStateFault.
 */
export class DmsAssessmentRuns {
  private readonly runs = new Map<string, RunRecord>();
  private readonly plans = new Map<string, AssessmentRunPlan>();
  private readonly applicableByTask = new Map<string, readonly string[]>();
  private readonly refusals: StartRefusal[] = [];
  private readonly defaults: Required<Omit<DmsAssessmentOptions, 'applicable' | 'afterCancel'>>;
  /** What a cancelled run reports once its cancel is done (settable per test; see DmsAssessmentOptions.afterCancel). */
  afterCancel: AfterCancel;
  private readonly applicable: readonly string[];

  constructor(
    private readonly clock: Clock,
    private readonly dms: DmsService,
    options: DmsAssessmentOptions = {},
  ) {
    this.defaults = {
      startingMs: options.startingMs ?? 50,
      provisioningMs: options.provisioningMs ?? 100,
      runningMs: options.runningMs ?? 200,
      cancellingMs: options.cancellingMs ?? 100,
    };
    this.applicable = options.applicable ?? DEFAULT_APPLICABLE_ASSESSMENTS;
    this.afterCancel = options.afterCancel ?? 'cancelled';
    // Runs live where their task's ARN says: a caller sees only its own region's and account's.
    dms.operations.set('StartReplicationTaskAssessmentRun', (input, caller) => this.start(input, caller));
    dms.operations.set('DescribeReplicationTaskAssessmentRuns', (input, caller) => this.describeRuns(input, caller));
    dms.operations.set('CancelReplicationTaskAssessmentRun', (input, caller) => this.cancelRun(input, caller));
    dms.operations.set('DescribeApplicableIndividualAssessments', (input, caller) => this.describeApplicable(input, caller));
    dms.operations.set('DescribeReplicationTaskIndividualAssessments', (input, caller) => this.describeIndividuals(input, caller));
  }

  /** Sets how the runs started on `taskArn` from now on behave. */
  planRuns(taskArn: string, plan: AssessmentRunPlan): void {
    this.plans.set(taskArn, plan);
  }

  /** Sets the individual assessments DMS offers for `taskArn`. */
  setApplicableAssessments(taskArn: string, names: readonly string[]): void {
    this.applicableByTask.set(taskArn, [...names]);
  }

  /** Makes every start that meets the condition fail as DMS reports it (an S3, KMS or role problem). */
  refuseStarts(refusal: StartRefusal): void {
    this.refusals.push(refusal);
  }

  /** A run as DescribeReplicationTaskAssessmentRuns shows it now, or undefined. */
  run(arn: string): Record<string, unknown> | undefined {
    const run = this.runs.get(arn);
    return run ? this.wireRun(run) : undefined;
  }

  /** Every run of a task, oldest first, as described now. */
  runsOf(taskArn: string): Array<Record<string, unknown>> {
    return [...this.runs.values()].filter((r) => r.taskArn === taskArn).map((r) => this.wireRun(r));
  }

  /** Cancels a run out of band (a console user). */
  cancelOutOfBand(arn: string): void {
    const run = this.runs.get(arn);
    if (!run) throw new Error(`The emulator has no assessment run ${arn}`);
    this.requestCancel(run);
  }

  /** Deletes a run's record out of band (DeleteReplicationTaskAssessmentRun); an active run releases its task. */
  deleteOutOfBand(arn: string): void {
    const run = this.runs.get(arn);
    if (!run) throw new Error(`The emulator has no assessment run ${arn}`);
    if (ACTIVE.has(runStatus(run, this.clock.now())) || runStatus(run, this.clock.now()) === 'cancelling') this.dms.setStatus(run.taskArn, run.priorTaskStatus);
    this.runs.delete(arn);
  }

  private start(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const taskArn = input.ReplicationTaskArn;
    for (const member of ['ReplicationTaskArn', 'ServiceAccessRoleArn', 'ResultLocationBucket', 'AssessmentRunName']) {
      if (typeof input[member] !== 'string' || input[member] === '') {
        return awsJson.error('InvalidParameterValueException', `${member} is required`);
      }
    }
    const task = this.dms.visibleTask(taskArn as string, caller);
    if (!task) return awsJson.error('ResourceNotFoundFault', `Replication Task ${String(taskArn)} not found`);

    const parsed = parseStartInput(input);
    if ('rejected' in parsed) return parsed.rejected;
    const { includeOnly, exclude, mode, keyArn, roleArn, bucket } = parsed;

    const refused = refusalFor(this.refusals, roleArn, bucket, keyArn);
    if (refused) return refused;

    const name = input.AssessmentRunName as string;
    const duplicate = [...this.runs.values()].find((r) => r.taskArn === taskArn && r.name === name);
    if (duplicate) {
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': 'ResourceAlreadyExistsFault:', ...requestIdHeader() },
        body: JSON.stringify({
          __type: 'ResourceAlreadyExistsFault',
          message: `An assessment run named ${name} already exists for this replication task`,
          resourceArn: duplicate.arn,
        }),
      };
    }
    if (!STARTABLE_TASK_STATES.has(task.status)) {
      return awsJson.error('InvalidResourceStateFault', `Replication task is ${task.status}; an assessment run can start only on a ready, stopped or failed task`);
    }
    const offered = this.applicableFor(task.arn);
    const unknown = [...(includeOnly ?? []), ...(exclude ?? [])].filter((n) => !offered.includes(n));
    if (unknown.length > 0) {
      return awsJson.error('InvalidParameterValueException', `Individual assessments not applicable to this task: ${unknown.join(', ')}`);
    }
    const selected = includeOnly ?? offered.filter((n) => !(exclude ?? []).includes(n));

    const folder = typeof input.ResultLocationFolder === 'string' && input.ResultLocationFolder !== '' ? input.ResultLocationFolder : undefined;
    const run = this.createRun({ task: task.arn, priorStatus: task.status, name, roleArn, bucket, folder, mode, keyArn, selected, tags: input.Tags });
    this.runs.set(run.arn, run);
    this.dms.setStatus(task.arn, 'testing');
    this.dms.scheduleStatus(task.arn, run.endAt, run.priorTaskStatus);
    return awsJson.ok({ ReplicationTaskAssessmentRun: this.wireRun(run) });
  }

  private createRun(spec: {
    task: string;
    priorStatus: string;
    name: string;
    roleArn: string;
    bucket: string;
    folder?: string;
    mode?: string;
    keyArn?: string;
    selected: readonly string[];
    tags: unknown;
  }): RunRecord {
    const plan = this.plans.get(spec.task) ?? {};
    // Runs live in the task's partition, region and account.
    const [, partition, region, account] = TASK_ARN.exec(spec.task) ?? ['', 'aws', 'us-east-1', '123456789012'];
    const now = this.clock.now();
    const provisioningAt = now + (plan.startingMs ?? this.defaults.startingMs);
    const runningAt = provisioningAt + (plan.provisioningMs ?? this.defaults.provisioningMs);
    const runningMs = plan.runningMs ?? this.defaults.runningMs;
    const endAt = plan.outcome === 'error-provisioning' ? runningAt : runningAt + runningMs;
    const count = spec.selected.length;
    const individuals = spec.selected.map((name, i) => ({
      name,
      arn: `arn:${partition}:dms:${region}:${account}:individual-assessment:${randomResourceId()}`,
      result: plan.results?.[name] ?? 'passed',
      doneAt: runningAt + Math.round(((i + 1) * runningMs) / Math.max(1, count)),
    }));
    return {
      arn: `arn:${partition}:dms:${region}:${account}:assessment-run:${randomResourceId()}`,
      taskArn: spec.task,
      name: spec.name,
      roleArn: spec.roleArn,
      bucket: spec.bucket,
      folder: spec.folder,
      encryptionMode: spec.mode,
      kmsKeyArn: spec.keyArn,
      tags: Array.isArray(spec.tags) ? (spec.tags as Array<{ Key?: string; Value?: string }>) : [],
      createdAt: now,
      provisioningAt,
      runningAt,
      endAt,
      cancellingMs: plan.cancellingMs ?? this.defaults.cancellingMs,
      outcome: plan.outcome,
      lastFailureMessage: plan.lastFailureMessage,
      individuals,
      priorTaskStatus: spec.priorStatus,
    };
  }

  private describeRuns(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const filters = parseFilters(input.Filters, RUN_FILTERS);
    if (typeof filters === 'string') return awsJson.error('InvalidParameterValueException', filters);
    const matching = [...this.runs.values()].filter((run) =>
      isVisible(run.arn, caller) && filters.every((f) => f.values.includes(this.runFilterValue(run, f.name))),
    );
    if (matching.length === 0) return awsJson.error('ResourceNotFoundFault', 'No assessment runs found matching provided filters');
    return pageRecords(input, matching, (runs, marker) => ({ ReplicationTaskAssessmentRuns: runs.map((r) => this.wireRun(r)), ...marker }));
  }

  private cancelRun(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const arn = input.ReplicationTaskAssessmentRunArn;
    if (typeof arn !== 'string' || arn === '') return awsJson.error('InvalidParameterValueException', 'ReplicationTaskAssessmentRunArn is required');
    const run = isVisible(arn, caller) ? this.runs.get(arn) : undefined;
    if (!run) return awsJson.error('ResourceNotFoundFault', `Assessment run ${arn} not found`);
    const status = runStatus(run, this.clock.now());
    if (!ACTIVE.has(status)) return awsJson.error('InvalidResourceStateFault', `Assessment run is ${status} and cannot be cancelled`);
    this.requestCancel(run);
    return awsJson.ok({ ReplicationTaskAssessmentRun: this.wireRun(run) });
  }

  private requestCancel(run: RunRecord): void {
    const now = this.clock.now();
    run.cancel = { requestedAt: now, doneAt: now + run.cancellingMs, staysCancelling: this.afterCancel === 'stays-cancelling' };
    // The task stays in `testing` until the cancel completes, not until the run would have ended.
    this.dms.setStatus(run.taskArn, 'testing');
    this.dms.scheduleStatus(run.taskArn, run.cancel.doneAt, run.priorTaskStatus);
  }

  private describeApplicable(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const taskArn = input.ReplicationTaskArn;
    let names: readonly string[];
    if (typeof taskArn === 'string') {
      if (!this.dms.visibleTask(taskArn, caller)) return awsJson.error('ResourceNotFoundFault', `Replication Task ${taskArn} not found`);
      names = this.applicableFor(taskArn);
    } else {
      names = [...new Set([...this.applicable, ...[...this.applicableByTask.values()].flat()])];
    }
    return pageRecords(input, [...names], (page, marker) => ({ IndividualAssessmentNames: page, ...marker }));
  }

  private describeIndividuals(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const filters = parseFilters(input.Filters, INDIVIDUAL_FILTERS);
    if (typeof filters === 'string') return awsJson.error('InvalidParameterValueException', filters);
    const now = this.clock.now();
    const matching = [...this.runs.values()].filter((run) => isVisible(run.arn, caller)).flatMap((run) =>
      run.individuals
        .map((individual) => ({ run, individual, status: individualStatus(run, individual, now) }))
        .filter(({ run: r, status }) =>
          filters.every((f) => f.values.includes(f.name === 'status' ? status : f.name === 'replication-task-arn' ? r.taskArn : r.arn)),
        ),
    );
    if (matching.length === 0) return awsJson.error('ResourceNotFoundFault', 'No individual assessments found matching provided filters');
    return pageRecords(input, matching, (page, marker) => ({
      ReplicationTaskIndividualAssessments: page.map(({ run, individual, status }) => ({
        ReplicationTaskIndividualAssessmentArn: individual.arn,
        ReplicationTaskAssessmentRunArn: run.arn,
        IndividualAssessmentName: individual.name,
        Status: status,
        ReplicationTaskIndividualAssessmentStartDate: epochSeconds(run.runningAt),
      })),
      ...marker,
    }));
  }

  private applicableFor(taskArn: string): readonly string[] {
    return this.applicableByTask.get(taskArn) ?? this.applicable;
  }

  private runFilterValue(run: RunRecord, name: string): string {
    switch (name) {
      case 'replication-task-assessment-run-arn':
        return run.arn;
      case 'replication-task-arn':
        return run.taskArn;
      case 'status':
        return runStatus(run, this.clock.now());
      default:
        return '';
    }
  }

  private wireRun(run: RunRecord): Record<string, unknown> {
    const latest = [...this.runs.values()].filter((r) => r.taskArn === run.taskArn).sort((a, b) => b.createdAt - a.createdAt)[0];
    return wireRun(run, this.clock.now(), latest === run);
  }
}
