import { OperationFailedError, ServiceCallError, TransientServiceError, describeError, isAccessDenied, isRetryableFault } from '../../engine/errors';
import { logger } from '../../engine/logger';
import type { StepResult } from '../../engine/operation';
import { checkAssessmentNames, describeTask, describeTaskStatus, runByName, startRun } from './dms-calls';
import type { Gate } from './gate';
import { pendingId } from './naming';
import type { Params } from './properties';
import { ASSESSABLE_TASK_STATES, ONGOING_MIGRATION_TYPES, TASK_STATUS_PREFIX } from './states';
import { follow } from './verdict';

/** The service's error code of a failed DMS call; undefined for any other error. */
const serviceErrorCode = (error: unknown) => (error instanceof ServiceCallError ? error.code : undefined);

/** A start refused for a reason the user fixes in a prop: the service's message plus the prop to change. */
function startRefusedReason(params: Params, name: string, error: unknown): string | undefined {
  const code = serviceErrorCode(error) ?? '';
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

/**
 * Why waiting for the task is pointless: a running task that replicates changes (CDC) stops only when
 * someone stops it, so it would hold the stack until the timeout. Every other state settles by itself
 * (starting, stopping, modifying, a full load that finishes) and is waited for; a task whose
 * migration type DMS does not report is waited for too, since it may be a full load.
 */
function neverAssessable(params: Params, status: string, migrationType: string | undefined): string | undefined {
  if (status !== 'running' || migrationType === undefined || !ONGOING_MIGRATION_TYPES.has(migrationType)) return undefined;
  return (
    `DMS replication task ${params.taskArn} is running with ongoing replication (migration type ${migrationType}), and DMS ` +
    'assesses a task only when it is ready, stopped or failed; a CDC task does not stop by itself, so waiting for it would only ' +
    'hold the stack until "timeout". Order the gate after a stop of the task (stopTask.next(gate), with a DmsStopReplicationTask ' +
    'that runs on Create), or stop the task yourself, then retry the stack operation.'
  );
}

/** Starts this event's run once the task allows it, or picks up the run an earlier invocation started. */
export async function startOrAdopt(gate: Gate, name: string): Promise<StepResult> {
  const { params, context, dms } = gate;
  const waitForTask = (taskStatus: string): StepResult => {
    const status = `${TASK_STATUS_PREFIX}${taskStatus}`;
    context.observed(status);
    return { kind: 'waiting', status, issued: false, physicalResourceId: pendingId(params.taskArn, name) };
  };
  try {
    // On a poll, an earlier poll of this event may have started the run already.
    const earlier = context.firstCall ? undefined : await runByName(dms, params.taskArn, name);
    if (earlier) return await follow(gate, earlier);
    const task = await describeTask(dms, params.taskArn);
    const taskStatus = task?.status;
    if (task === undefined || taskStatus === undefined) {
      throw new OperationFailedError(
        `DMS replication task ${params.taskArn} was not found, so it cannot be assessed. Check "replicationTaskArn": the task must ` +
          'exist in the region and account of its ARN when this resource is created or updated.',
      );
    }
    if (!ASSESSABLE_TASK_STATES.has(taskStatus)) {
      // Our own run, started by an earlier invocation of this event, is one reason for `testing`.
      const ours = context.firstCall ? await runByName(dms, params.taskArn, name) : undefined;
      if (ours) return await follow(gate, ours);
      const never = neverAssessable(params, taskStatus, task.migrationType);
      if (never) throw new OperationFailedError(never);
      return waitForTask(taskStatus);
    }
    await checkAssessmentNames(dms, params);
    try {
      const run = await startRun(dms, params, name);
      logger.info('Assessment run started', { runArn: run.ReplicationTaskAssessmentRunArn, name });
      return follow(gate, { Status: 'starting', ...run });
    } catch (error) {
      switch (serviceErrorCode(error)) {
        case 'ResourceAlreadyExistsFault': {
          const ours = await runByName(dms, params.taskArn, name);
          // Just created by a concurrent invocation of this event and not listed yet: look again.
          if (!ours) throw new TransientServiceError(`Assessment run ${name} exists but is not listed yet`);
          logger.info('Run already started by an earlier invocation of this event; following it', { runArn: ours.ReplicationTaskAssessmentRunArn });
          return follow(gate, ours);
        }
        case 'InvalidResourceStateFault':
          // The task changed state between our look and the start.
          return waitForTask((await describeTaskStatus(dms, params.taskArn)) ?? taskStatus);
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
