import type { PausedReplication } from '../../../contract';
import type { StepContext, StepResult } from '../../engine/operation';
import { dmsStartReplication } from '../dms-start-replication';
import { dmsStartReplicationTask } from '../dms-start-replication-task';
import { dmsStopReplication } from '../dms-stop-replication';
import { dmsStopReplicationTask } from '../dms-stop-replication-task';

/**
 * The pause and the resume stop and resume through the stop and start operations' own steps: one
 * state table per service, the same waits, refusals and reasons as DmsStopReplicationTask /
 * DmsStartReplicationTask (classic) and DmsStopReplication / DmsStartReplication (serverless).
 */
export function stopStep(replication: PausedReplication, context: StepContext): Promise<StepResult> {
  return replication.kind === 'task'
    ? dmsStopReplicationTask.step({ replicationTaskArn: replication.arn }, context)
    : dmsStopReplication.step({ replicationConfigArn: replication.arn }, context);
}

/** `resume-processing`: the replication continues from its recovery checkpoint, where the stop left it. */
export function resumeStep(replication: PausedReplication, context: StepContext): Promise<StepResult> {
  return replication.kind === 'task'
    ? dmsStartReplicationTask.step({ replicationTaskArn: replication.arn, startType: 'resume-processing' }, context)
    : dmsStartReplication.step({ replicationConfigArn: replication.arn, startType: 'resume-processing' }, context);
}

export function stopAdvice(replication: PausedReplication, status: string | undefined, raise: string): string {
  return replication.kind === 'task'
    ? dmsStopReplicationTask.timeoutAdvice({ replicationTaskArn: replication.arn }, status, raise)
    : dmsStopReplication.timeoutAdvice({ replicationConfigArn: replication.arn }, status, raise);
}

export function resumeAdvice(replication: PausedReplication, status: string | undefined, raise: string): string {
  return replication.kind === 'task'
    ? dmsStartReplicationTask.timeoutAdvice({ replicationTaskArn: replication.arn, startType: 'resume-processing' }, status, raise)
    : dmsStartReplication.timeoutAdvice({ replicationConfigArn: replication.arn, startType: 'resume-processing' }, status, raise);
}
