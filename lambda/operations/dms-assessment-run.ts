import { createHash } from 'node:crypto';
import {
  CancelReplicationTaskAssessmentRunCommand,
  DescribeApplicableIndividualAssessmentsCommand,
  DescribeReplicationTaskAssessmentRunsCommand,
  DescribeReplicationTaskIndividualAssessmentsCommand,
  ReplicationTaskAssessmentRun,
  ReplicationTaskIndividualAssessment,
  StartReplicationTaskAssessmentRunCommand,
} from '@aws-sdk/client-database-migration-service';
import { DmsAssessmentAttributes as Attr, DmsAssessmentProps as Props, LifecycleEvent } from '../../contract';
import { MalformedResponseError, OperationFailedError, TransientServiceError, describeError, isAccessDenied, isRetryableFault } from '../engine/errors';
import { logger } from '../engine/logger';
import type { Operation, StepContext, StepResult } from '../engine/operation';
import { requiredString } from '../engine/properties';
import { dms, findReplicationTask } from './dms-client';

interface Params {
  readonly taskArn: string;
  readonly roleArn: string;
  readonly bucket: string;
  readonly folder: string;
  readonly encryptionMode: string;
  readonly kmsKeyArn: string;
  /** The name the user chose; each run appends a suffix unique to its stack event. */
  readonly runName: string;
  readonly includeOnly?: readonly string[];
  readonly exclude?: readonly string[];
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
  readonly failDeploymentOnFailure: boolean;
  readonly failOnWarning: boolean;
}

/** Run states that end by themselves; every other status is final (DMS documents no "cancelled", yet reports it). */
const IN_PROGRESS = new Set(['starting', 'provisioning', 'running', 'cancelling', 'deleting']);
const CANCELLABLE = new Set(['starting', 'provisioning', 'running']);
/**
 * Task states in which DMS accepts a new assessment run. DMS documents none; these are the states
 * of a task that is not moving (created, stopped, or failed), as the console offers assessments for.
 */
const ASSESSABLE_TASK_STATES = new Set(['ready', 'stopped', 'failed']);
const RUN_ARN = /^arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:assessment-run:[A-Za-z0-9-]+$/;
/** Physical id of a run whose start had to wait for the task: the run is found again by its name. */
const PENDING_ID = /^(arn:[a-z-]+:dms:[a-z0-9-]+:\d{12}:task:[A-Za-z0-9-]+)\/assessment-run-name\/([A-Za-z0-9-]+)$/;
/** Status reported while the task must settle before the run can start (never a run status). */
const TASK_STATUS_PREFIX = 'task:';
const MAX_LISTED = 20;

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name;

// ---------------------------------------------------------------------------------------------
// Reading DMS

async function describeTaskStatus(taskArn: string): Promise<string | undefined> {
  return (await findReplicationTask(taskArn))?.Status;
}

/** Every run matching the filter, across pages; [] when DMS says none match. */
async function describeRuns(filter: { Name: string; Values: string[] }): Promise<ReplicationTaskAssessmentRun[]> {
  const runs: ReplicationTaskAssessmentRun[] = [];
  let marker: string | undefined;
  try {
    do {
      const out = await dms().send(new DescribeReplicationTaskAssessmentRunsCommand({ Filters: [filter], Marker: marker }));
      if (!Array.isArray(out.ReplicationTaskAssessmentRuns)) {
        throw new MalformedResponseError('DescribeReplicationTaskAssessmentRuns returned no ReplicationTaskAssessmentRuns list');
      }
      runs.push(...out.ReplicationTaskAssessmentRuns);
      marker = out.Marker;
    } while (marker);
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundFault') return [];
    throw error;
  }
  for (const run of runs) {
    if (typeof run.Status !== 'string' || typeof run.ReplicationTaskAssessmentRunArn !== 'string') {
      throw new MalformedResponseError('DescribeReplicationTaskAssessmentRuns returned a run without Status or ARN');
    }
  }
  return runs;
}

async function runByArn(arn: string): Promise<ReplicationTaskAssessmentRun | undefined> {
  const runs = await describeRuns({ Name: 'replication-task-assessment-run-arn', Values: [arn] });
  return runs.find((r) => r.ReplicationTaskAssessmentRunArn === arn);
}

async function runByName(taskArn: string, name: string): Promise<ReplicationTaskAssessmentRun | undefined> {
  const runs = await describeRuns({ Name: 'replication-task-arn', Values: [taskArn] });
  return runs.find((r) => r.AssessmentRunName === name && r.ReplicationTaskArn === taskArn);
}

/** An in-progress run started for exactly these properties, if any. */
async function orphanedRun(params: Params): Promise<ReplicationTaskAssessmentRun | undefined> {
  const runs = await describeRuns({ Name: 'replication-task-arn', Values: [params.taskArn] });
  return runs.find((r) => IN_PROGRESS.has(r.Status!) && madeFor(r.AssessmentRunName, params));
}

/** The run's individual assessments, or the error that kept us from listing them (the gate still decides). */
async function individualAssessments(runArn: string): Promise<ReplicationTaskIndividualAssessment[] | { error: unknown }> {
  const all: ReplicationTaskIndividualAssessment[] = [];
  let marker: string | undefined;
  try {
    do {
      const out = await dms().send(
        new DescribeReplicationTaskIndividualAssessmentsCommand({
          Filters: [{ Name: 'replication-task-assessment-run-arn', Values: [runArn] }],
          Marker: marker,
        }),
      );
      all.push(...(out.ReplicationTaskIndividualAssessments ?? []));
      marker = out.Marker;
    } while (marker);
    return all;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundFault') return all;
    if (isRetryableFault(error)) throw error;
    logger.warn('Could not list the individual assessments', { runArn, error: describeError(error) });
    return { error };
  }
}

async function applicableAssessments(taskArn: string): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const out = await dms().send(new DescribeApplicableIndividualAssessmentsCommand({ ReplicationTaskArn: taskArn, Marker: marker }));
    if (!Array.isArray(out.IndividualAssessmentNames)) {
      throw new MalformedResponseError('DescribeApplicableIndividualAssessments returned no IndividualAssessmentNames list');
    }
    names.push(...out.IndividualAssessmentNames);
    marker = out.Marker;
  } while (marker);
  return names;
}

// ---------------------------------------------------------------------------------------------
// Acting

/** Names in includeOnly/exclude must be ones DMS offers for this task; a typo would otherwise fail late or silently. */
async function checkAssessmentNames(params: Params): Promise<void> {
  const [prop, names] = params.includeOnly ? ['includeOnly', params.includeOnly] : params.exclude ? ['exclude', params.exclude] : [];
  if (!prop || !names) return;
  const offered = await applicableAssessments(params.taskArn);
  const unknown = names.filter((n) => !offered.includes(n));
  if (unknown.length > 0) {
    throw new OperationFailedError(
      `"${prop}" names individual assessments that DMS does not offer for task ${params.taskArn}: ${unknown.join(', ')}. ` +
        `Valid names for this task: ${offered.slice(0, MAX_LISTED * 3).join(', ') || '(none)'}` +
        `${offered.length > MAX_LISTED * 3 ? ` and ${offered.length - MAX_LISTED * 3} more (aws dms describe-applicable-individual-assessments)` : ''}. ` +
        `Fix "${prop}", then retry the stack operation.`,
    );
  }
}

async function startRun(params: Params, name: string): Promise<ReplicationTaskAssessmentRun> {
  const out = await dms().send(
    new StartReplicationTaskAssessmentRunCommand({
      ReplicationTaskArn: params.taskArn,
      ServiceAccessRoleArn: params.roleArn,
      ResultLocationBucket: params.bucket,
      ResultLocationFolder: params.folder || undefined,
      ResultEncryptionMode: params.encryptionMode || undefined,
      ResultKmsKeyArn: params.kmsKeyArn || undefined,
      AssessmentRunName: name,
      IncludeOnly: params.includeOnly ? [...params.includeOnly] : undefined,
      Exclude: params.exclude ? [...params.exclude] : undefined,
      Tags: params.tags.length > 0 ? params.tags.map((t) => ({ ...t })) : undefined,
    }),
  );
  const run = out.ReplicationTaskAssessmentRun;
  if (!run?.ReplicationTaskAssessmentRunArn) {
    throw new MalformedResponseError('StartReplicationTaskAssessmentRun returned no ReplicationTaskAssessmentRunArn');
  }
  return run;
}

/** A start refused for a reason the user fixes in a prop: the service's message plus the prop to change. */
function startRefusedReason(params: Params, name: string, error: unknown): string | undefined {
  const code = errorName(error) ?? '';
  const what = `DMS refused to start assessment run "${name}" on task ${params.taskArn}: ${describeError(error)}.`;
  if (isAccessDenied(error)) {
    return (
      `${what} The handler needs dms:StartReplicationTaskAssessmentRun on the task and iam:PassRole on ${params.roleArn} ` +
      '(this construct grants both); look for a permissions boundary, an SCP or a role trust policy that denies them, or check that ' +
      '"serviceAccessRole" is the role you meant.'
    );
  }
  if (code === 'AccessDeniedFault') {
    return `${what} Check "serviceAccessRole" (${params.roleArn}): it must trust dms.amazonaws.com and allow writing the results to "resultLocationBucket".`;
  }
  if (code === 'S3ResourceNotFoundFault') {
    return `${what} Check "resultLocationBucket": bucket ${params.bucket} must exist in this account and region.`;
  }
  if (code === 'S3AccessDeniedFault') {
    return (
      `${what} Check "serviceAccessRole" and "resultLocationBucket": the role must be allowed to write to bucket ${params.bucket} ` +
      '(pass the bucket as an s3.IBucket construct and this construct grants it), and the bucket policy must not deny it.'
    );
  }
  if (code.startsWith('KMS')) {
    const fix =
      code === 'KMSDisabledFault'
        ? 'enable the key'
        : code === 'KMSNotFoundFault'
          ? 'pass a key that exists in this region'
          : code === 'KMSInvalidStateFault'
            ? 'the key must be enabled, not pending deletion or import'
            : 'the key policy must let "serviceAccessRole" use it for encryption (pass the key as a kms.IKey construct and this construct grants it)';
    return `${what} Check "resultKmsKey" (${params.kmsKeyArn || 'none'}): ${fix}.`;
  }
  return undefined;
}

async function cancelRun(arn: string): Promise<'cancelling' | 'refused' | 'gone'> {
  try {
    await dms().send(new CancelReplicationTaskAssessmentRunCommand({ ReplicationTaskAssessmentRunArn: arn }));
    return 'cancelling';
  } catch (error) {
    // Refused: it finished (or began cancelling) between our look and the cancel; look again.
    if (errorName(error) === 'InvalidResourceStateFault') return 'refused';
    if (errorName(error) === 'ResourceNotFoundFault') return 'gone';
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Naming and ids

/**
 * DMS keeps every run of a task and run names are unique per task, so each run gets a name of its
 * own: the user's name, 6 hex characters of the properties that shaped it, and 6 of the stack
 * event's RequestId. A retried invocation of the same event computes the same name and finds its run
 * instead of starting another; a rollback to earlier properties recognises the run made for them.
 */
function runNameFor(params: Params, context: StepContext): string {
  const event = context.requestId ?? `${context.physicalResourceId ?? ''}|${runDefinition(params)}`;
  return `${params.runName}-${definitionHash(params)}${sha256(event).slice(0, 6)}`;
}

/** Whether a run of this name was started for exactly these properties. */
function madeFor(name: string | undefined, params: Params): boolean {
  const prefix = `${params.runName}-${definitionHash(params)}`;
  return name !== undefined && name.startsWith(prefix) && /^[0-9a-f]{6}$/.test(name.slice(prefix.length));
}

/** The properties that shape a run; the common ones (runOn, timeout, waiting) never start a new one. */
function runDefinition(params: Params): string {
  return JSON.stringify(params);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const definitionHash = (params: Params) => sha256(runDefinition(params)).slice(0, 6);

const pendingId = (taskArn: string, name: string) => `${taskArn}/assessment-run-name/${name}`;

function resultsUri(run: ReplicationTaskAssessmentRun, params: Params): string {
  const bucket = run.ResultLocationBucket || params.bucket;
  const folder = (run.ResultLocationFolder ?? params.folder).replace(/^\/+|\/+$/g, '');
  return `s3://${bucket}/${folder ? `${folder}/` : ''}`;
}

function counts(run: ReplicationTaskAssessmentRun, individuals: ReplicationTaskIndividualAssessment[] | undefined): Record<string, string> {
  const stat = run.ResultStatistic;
  const tally = (status: string) => (individuals ?? []).filter((i) => i.Status === status).length;
  const pick = (fromRun: number | undefined, status: string) => String(fromRun ?? tally(status));
  return {
    [Attr.PASSED_COUNT]: pick(stat?.Passed, 'passed'),
    [Attr.FAILED_COUNT]: pick(stat?.Failed, 'failed'),
    [Attr.ERROR_COUNT]: pick(stat?.Error, 'error'),
    [Attr.WARNING_COUNT]: pick(stat?.Warning, 'warning'),
    [Attr.CANCELLED_COUNT]: pick(stat?.Cancelled, 'cancelled'),
    [Attr.SKIPPED_COUNT]: pick(stat?.Skipped, 'skipped'),
  };
}

function attributes(run: ReplicationTaskAssessmentRun, params: Params, individuals?: ReplicationTaskIndividualAssessment[]) {
  return {
    [Attr.RUN_ARN]: run.ReplicationTaskAssessmentRunArn ?? '',
    [Attr.RUN_NAME]: run.AssessmentRunName ?? '',
    [Attr.RESULTS_S3_URI]: resultsUri(run, params),
    ...counts(run, individuals),
    [Attr.NOTE]: '',
  };
}

// ---------------------------------------------------------------------------------------------
// The gate

/** A run in a final status: success, success with a note, or the failure reason. */
async function conclude(params: Params, run: ReplicationTaskAssessmentRun, context: StepContext): Promise<StepResult> {
  const arn = run.ReplicationTaskAssessmentRunArn!;
  const status = run.Status!;
  const listed = status === 'passed' ? [] : await individualAssessments(arn);
  const individuals = Array.isArray(listed) ? listed : undefined;
  const data = attributes(run, params, individuals);
  const done = (note: string): StepResult => ({ kind: 'complete', status, data: { ...data, [Attr.NOTE]: note }, physicalResourceId: arn });
  if (status === 'passed') return done('');

  const blocking = status !== 'warning' || params.failOnWarning;
  const findings = individuals
    ? individuals.filter((i) => i.Status && !['passed', 'skipped'].includes(i.Status))
    : [];
  const listing = individuals
    ? findings.length > 0
      ? `${findings.length} of ${individuals.length} individual assessments did not pass: ${findings
          .slice(0, MAX_LISTED)
          .map((i) => `${i.IndividualAssessmentName} (${i.Status})`)
          .join(', ')}${findings.length > MAX_LISTED ? `, and ${findings.length - MAX_LISTED} more` : ''}.`
      : `None of its ${individuals.length} individual assessments reported a problem.`
    : `Its individual assessments could not be listed (${describeError((listed as { error: unknown }).error)}).`;
  const dmsSays = run.LastFailureMessage ? ` DMS reports: ${run.LastFailureMessage}.` : '';
  const why =
    status === 'cancelled' || status === 'cancelling'
      ? ' It was cancelled outside this stack.'
      : status === 'warning' && params.failOnWarning
        ? ' "failOnWarning" is true, so warnings block the deployment.'
        : '';
  const summary =
    `DMS premigration assessment run "${run.AssessmentRunName}" (${arn}) of task ${params.taskArn} ended "${status}".${why} ` +
    `${listing}${dmsSays} The reports are in ${resultsUri(run, params)}.`;

  if (blocking && params.failDeploymentOnFailure) {
    context.observed(status);
    throw new OperationFailedError(
      `${summary} Fix what the reports describe (or leave a check out with "exclude"), then retry the stack operation; ` +
        'set "failDeploymentOnFailure" to false to record the outcome without failing the deployment.',
    );
  }
  logger.warn('Assessment did not pass; the deployment continues', { status, failDeploymentOnFailure: params.failDeploymentOnFailure });
  return done(blocking ? `${summary} "failDeploymentOnFailure" is false, so the deployment continued.` : `${summary} Warnings do not block the deployment ("failOnWarning" is false).`);
}

/** Observes a run of ours: wait while it moves, judge it once it is final. */
async function follow(params: Params, run: ReplicationTaskAssessmentRun, context: StepContext): Promise<StepResult> {
  const status = run.Status!;
  const arn = run.ReplicationTaskAssessmentRunArn!;
  context.observed(status);
  if (IN_PROGRESS.has(status)) {
    return { kind: 'waiting', status, issued: true, physicalResourceId: arn, data: attributes(run, params) };
  }
  return conclude(params, run, context);
}

/** Starts this event's run once the task allows it, or picks up the run an earlier invocation started. */
async function startOrAdopt(params: Params, name: string, context: StepContext): Promise<StepResult> {
  const waitForTask = (taskStatus: string): StepResult => {
    const status = `${TASK_STATUS_PREFIX}${taskStatus}`;
    context.observed(status);
    return { kind: 'waiting', status, issued: false, physicalResourceId: pendingId(params.taskArn, name) };
  };
  try {
    // On a poll, an earlier poll of this event may have started the run already.
    const earlier = context.firstCall ? undefined : await runByName(params.taskArn, name);
    if (earlier) return await follow(params, earlier, context);
    const taskStatus = await describeTaskStatus(params.taskArn);
    if (taskStatus === undefined) {
      throw new OperationFailedError(
        `DMS replication task ${params.taskArn} was not found, so it cannot be assessed. Check "replicationTaskArn": the task must ` +
          'exist in this account and region when this resource is created or updated.',
      );
    }
    if (!ASSESSABLE_TASK_STATES.has(taskStatus)) {
      // Our own run, started by an earlier invocation of this event, is one reason for `testing`.
      const ours = context.firstCall ? await runByName(params.taskArn, name) : undefined;
      return ours ? await follow(params, ours, context) : waitForTask(taskStatus);
    }
    await checkAssessmentNames(params);
    try {
      const run = await startRun(params, name);
      logger.info('Assessment run started', { runArn: run.ReplicationTaskAssessmentRunArn, name });
      return follow(params, { Status: 'starting', ...run }, context);
    } catch (error) {
      switch (errorName(error)) {
        case 'ResourceAlreadyExistsFault': {
          const ours = await runByName(params.taskArn, name);
          // Just created by a concurrent invocation of this event and not listed yet: look again.
          if (!ours) throw new TransientServiceError(`Assessment run ${name} exists but is not listed yet`);
          logger.info('Run already started by an earlier invocation of this event; following it', { runArn: ours.ReplicationTaskAssessmentRunArn });
          return follow(params, ours, context);
        }
        case 'InvalidResourceStateFault':
          // The task changed state between our look and the start.
          return waitForTask((await describeTaskStatus(params.taskArn)) ?? taskStatus);
        case 'ResourceNotFoundFault':
          throw new OperationFailedError(
            `DMS replication task ${params.taskArn} disappeared before its assessment run could start (${describeError(error)}). Check "replicationTaskArn".`,
          );
      }
      const reason = startRefusedReason(params, name, error);
      if (reason) throw new OperationFailedError(reason);
      throw error;
    }
  } catch (error) {
    // On the first call the physical id is being decided: keep the one that lets Delete find this run.
    if (context.firstCall && isRetryableFault(error)) {
      logger.warn('Transient fault before the run started; will look again at the next poll', { error: describeError(error) });
      return waitForTask('unknown (transient fault)');
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

/**
 * On Update, the run behind the current physical id still stands when nothing that shapes a run
 * changed, or when it was made for exactly the requested properties: the rollback of a failed Update
 * brings back the properties of the run we already have, and must not gate the rollback on a new one.
 */
async function keepCurrentRun(params: Params, current: string, context: StepContext): Promise<StepResult | undefined> {
  let unchanged = false;
  try {
    unchanged = context.oldProperties !== undefined && runDefinition(parse(context.oldProperties)) === runDefinition(params);
  } catch {
    // Old properties this version cannot read: treat as changed.
  }
  const pending = PENDING_ID.exec(current);
  let run: ReplicationTaskAssessmentRun | undefined;
  try {
    if (RUN_ARN.test(current)) run = await runByArn(current);
    else if (pending && (unchanged || madeFor(pending[2], params))) run = await runByName(pending[1], pending[2]);
  } catch (error) {
    if (!isRetryableFault(error)) throw error;
    // Unchanged: keep the physical id, the next poll reports on the same run. Otherwise a new run
    // is the safe side (a gate that runs once more, rather than one that is skipped).
    if (unchanged) return { kind: 'waiting', status: 'unknown (transient fault)', issued: false, physicalResourceId: current };
    logger.warn('Could not read the current run; starting a new one', { physicalResourceId: current, error: describeError(error) });
    return undefined;
  }
  if (!unchanged && !madeFor(run?.AssessmentRunName ?? pending?.[2], params)) return undefined;
  logger.info('The current run stands for these properties: nothing started', { physicalResourceId: current, unchanged });
  if (!run) return { kind: 'complete', status: 'NOT_FOUND', physicalResourceId: current, data: { [Attr.NOTE]: `No assessment run ${current} to report on.` } };
  // A run still going (an earlier deploy did not wait) is followed, so the gate is still applied.
  return { ...(await follow(params, run, context)), physicalResourceId: current } as StepResult;
}

async function onCreateOrUpdate(params: Params, context: StepContext): Promise<StepResult> {
  const current = context.physicalResourceId;
  if (context.firstCall && context.requestType === LifecycleEvent.UPDATE && current) {
    const kept = await keepCurrentRun(params, current, context);
    if (kept) return kept;
  }
  if (!context.firstCall && current && RUN_ARN.test(current)) {
    const run = await runByArn(current);
    if (!run) {
      throw new OperationFailedError(
        `DMS assessment run ${current} of task ${params.taskArn} disappeared before it finished (it was deleted outside this stack). ` +
          'Retry the stack operation to start a new run.',
      );
    }
    return follow(params, run, context);
  }
  const name = (!context.firstCall && current && PENDING_ID.exec(current)?.[2]) || runNameFor(params, context);
  return startOrAdopt(params, name, context);
}

async function onDelete(params: Params, context: StepContext): Promise<StepResult> {
  const id = context.physicalResourceId ?? '';
  const pending = PENDING_ID.exec(id);
  let run: ReplicationTaskAssessmentRun | undefined;
  if (RUN_ARN.test(id)) run = await runByArn(id);
  else if (pending) run = await runByName(pending[1], pending[2]);
  // Any other id never named a run: CloudFormation did not receive the Create's answer (it gave up,
  // or the Delete overtook a Create still waiting). A run that Create started for exactly these
  // properties and that is still going is cancelled, so no orphan keeps the task in `testing`.
  else run = await orphanedRun(params);
  if (!run) return { kind: 'not-found' };

  const status = run.Status!;
  const arn = run.ReplicationTaskAssessmentRunArn!;
  context.observed(status);
  // A finished run is left as it is: its reports stay in S3, its record in DMS.
  if (!IN_PROGRESS.has(status)) return { kind: 'complete', status, data: attributes(run, params) };
  if (!CANCELLABLE.has(status)) return { kind: 'waiting', status, issued: true };
  const result = await cancelRun(arn);
  if (result === 'gone') return { kind: 'not-found' };
  logger.info('Cancel requested', { runArn: arn, result });
  return { kind: 'waiting', status: result === 'cancelling' ? 'cancelling' : status, issued: result === 'cancelling' };
}

// ---------------------------------------------------------------------------------------------
// Properties

function optionalString(properties: Record<string, unknown>, key: string): string {
  const value = properties[key];
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw new OperationFailedError(`Property "${key}" must be a string; got ${JSON.stringify(value)}.`);
  return value;
}

function nameList(properties: Record<string, unknown>, key: string): string[] | undefined {
  const value = properties[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new OperationFailedError(`Property "${key}" must be a non-empty list of individual assessment names; got ${JSON.stringify(value)}.`);
  }
  return value as string[];
}

function parse(properties: Record<string, unknown>): Params {
  const tagsRaw = properties[Props.TAGS] ?? [];
  if (!Array.isArray(tagsRaw) || tagsRaw.some((t) => typeof t?.Key !== 'string' || typeof t?.Value !== 'string')) {
    throw new OperationFailedError(`Property "${Props.TAGS}" must be a list of { Key, Value } strings; got ${JSON.stringify(tagsRaw)}.`);
  }
  const params: Params = {
    taskArn: requiredString(properties, Props.REPLICATION_TASK_ARN),
    roleArn: requiredString(properties, Props.SERVICE_ACCESS_ROLE_ARN),
    bucket: requiredString(properties, Props.RESULT_LOCATION_BUCKET),
    folder: optionalString(properties, Props.RESULT_LOCATION_FOLDER),
    encryptionMode: optionalString(properties, Props.RESULT_ENCRYPTION_MODE),
    kmsKeyArn: optionalString(properties, Props.RESULT_KMS_KEY_ARN),
    runName: requiredString(properties, Props.ASSESSMENT_RUN_NAME),
    includeOnly: nameList(properties, Props.INCLUDE_ONLY),
    exclude: nameList(properties, Props.EXCLUDE),
    tags: (tagsRaw as Array<{ Key: string; Value: string }>).map(({ Key, Value }) => ({ Key, Value })),
    failDeploymentOnFailure: String(properties[Props.FAIL_DEPLOYMENT_ON_FAILURE] ?? 'true') !== 'false',
    failOnWarning: String(properties[Props.FAIL_ON_WARNING] ?? 'false') === 'true',
  };
  if (params.includeOnly && params.exclude) {
    throw new OperationFailedError(`Properties "${Props.INCLUDE_ONLY}" and "${Props.EXCLUDE}" cannot both be set.`);
  }
  return params;
}

export const dmsAssessmentRun: Operation<Params> = {
  targetKind: 'DMS premigration assessment of replication task',
  goal: 'finished',
  attributes: Object.values(Attr),

  parse,
  targetId: (params) => params.taskArn,

  step: (params, context) => (context.requestType === LifecycleEvent.DELETE ? onDelete(params, context) : onCreateOrUpdate(params, context)),

  timeoutAdvice: (params, status) => {
    if (status?.startsWith(TASK_STATUS_PREFIX)) {
      return (
        `No assessment run was started: DMS assesses a task only when it is ready, stopped or failed, and this one stayed ` +
        `"${status.slice(TASK_STATUS_PREFIX.length)}". Stop the task first (for example with DmsStopReplicationTask and runOn [CREATE], ` +
        'ordered before this construct) or wait until it settles, then retry the stack operation (or raise "timeout", at most 1 hour).'
      );
    }
    if (status === 'cancelling') {
      return 'The cancel request stays in effect and DMS will finish it; check the run on the task\'s premigration assessments tab, then retry the stack operation.';
    }
    return (
      `The assessment run "${params.runName}-…" keeps running in DMS (it was not cancelled) and the task stays "testing" until it ends; ` +
      'check its progress on the task\'s premigration assessments tab, then retry the stack operation, or raise "timeout" (at most 1 hour).'
    );
  },
  notFoundAdvice: () =>
    'Check "replicationTaskArn": the task must exist in this account and region when this resource is created or updated.',
};
