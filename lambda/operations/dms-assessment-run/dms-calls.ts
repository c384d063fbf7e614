import {
  CancelReplicationTaskAssessmentRunCommand,
  type DatabaseMigrationServiceClient,
  ReplicationTaskAssessmentRun,
  ReplicationTaskIndividualAssessment,
  StartReplicationTaskAssessmentRunCommand,
  paginateDescribeApplicableIndividualAssessments,
  paginateDescribeReplicationTaskAssessmentRuns,
  paginateDescribeReplicationTaskIndividualAssessments,
} from '@aws-sdk/client-database-migration-service';
import { MalformedResponseError, OperationFailedError, describeError, isRetryableFault, isServiceError } from '../../engine/errors';
import { logger } from '../../engine/logger';
import { findReplicationTask } from '../dms-client';
import { madeFor } from './naming';
import type { Params } from './properties';
import { IN_PROGRESS, MAX_LISTED } from './states';

type Dms = DatabaseMigrationServiceClient;

export async function describeTaskStatus(dms: Dms, taskArn: string): Promise<string | undefined> {
  return (await describeTask(dms, taskArn))?.status;
}

/** The task's status and migration type (undefined when DMS does not say); undefined when the task does not exist. */
export async function describeTask(dms: Dms, taskArn: string): Promise<{ status: string | undefined; migrationType: string | undefined } | undefined> {
  const task = await findReplicationTask(dms, taskArn);
  return task && { status: task.Status, migrationType: task.MigrationType };
}

/**
 * Whether a run that reports `cancelling` is over. DMS documents no final "cancelled": it describes
 * `cancelling` as "the assessment run was canceled", so a cancelled run may read `cancelling` for
 * good, or may move on to `cancelled` (API-FACTS 2.2, both readings). What a Delete needs is the
 * task released: once the task has left `testing` (or is gone), the cancel has taken effect.
 */
export async function cancelTookEffect(dms: Dms, run: ReplicationTaskAssessmentRun): Promise<boolean> {
  if (run.Status !== 'cancelling' || !run.ReplicationTaskArn) return false;
  return (await describeTaskStatus(dms, run.ReplicationTaskArn)) !== 'testing';
}

/** Every run matching the filter, across pages; [] when DMS says none match. */
async function describeRuns(dms: Dms, filter: { Name: string; Values: string[] }): Promise<ReplicationTaskAssessmentRun[]> {
  const runs: ReplicationTaskAssessmentRun[] = [];
  try {
    for await (const page of paginateDescribeReplicationTaskAssessmentRuns({ client: dms }, { Filters: [filter] })) {
      if (!Array.isArray(page.ReplicationTaskAssessmentRuns)) {
        throw new MalformedResponseError('DescribeReplicationTaskAssessmentRuns returned no ReplicationTaskAssessmentRuns list');
      }
      runs.push(...page.ReplicationTaskAssessmentRuns);
    }
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundFault')) return [];
    throw error;
  }
  for (const run of runs) {
    if (typeof run.Status !== 'string' || typeof run.ReplicationTaskAssessmentRunArn !== 'string') {
      throw new MalformedResponseError('DescribeReplicationTaskAssessmentRuns returned a run without Status or ARN');
    }
  }
  return runs;
}

export async function runByArn(dms: Dms, arn: string): Promise<ReplicationTaskAssessmentRun | undefined> {
  const runs = await describeRuns(dms, { Name: 'replication-task-assessment-run-arn', Values: [arn] });
  return runs.find((r) => r.ReplicationTaskAssessmentRunArn === arn);
}

export async function runByName(dms: Dms, taskArn: string, name: string): Promise<ReplicationTaskAssessmentRun | undefined> {
  const runs = await describeRuns(dms, { Name: 'replication-task-arn', Values: [taskArn] });
  return runs.find((r) => r.AssessmentRunName === name && r.ReplicationTaskArn === taskArn);
}

/** An in-progress run started for exactly these properties, if any. */
export async function orphanedRun(dms: Dms, params: Params): Promise<ReplicationTaskAssessmentRun | undefined> {
  const runs = await describeRuns(dms, { Name: 'replication-task-arn', Values: [params.taskArn] });
  return runs.find((r) => IN_PROGRESS.has(r.Status!) && madeFor(r.AssessmentRunName, params));
}

/** The run's individual assessments, or the error that kept us from listing them (the gate still decides). */
export async function individualAssessments(dms: Dms, runArn: string): Promise<ReplicationTaskIndividualAssessment[] | { error: unknown }> {
  const all: ReplicationTaskIndividualAssessment[] = [];
  const filter = { Name: 'replication-task-assessment-run-arn', Values: [runArn] };
  try {
    for await (const page of paginateDescribeReplicationTaskIndividualAssessments({ client: dms }, { Filters: [filter] })) {
      all.push(...(page.ReplicationTaskIndividualAssessments ?? []));
    }
    return all;
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundFault')) return all;
    if (isRetryableFault(error)) throw error;
    logger.warn('Could not list the individual assessments', { runArn, error: describeError(error) });
    return { error };
  }
}

async function applicableAssessments(dms: Dms, taskArn: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateDescribeApplicableIndividualAssessments({ client: dms }, { ReplicationTaskArn: taskArn })) {
    if (!Array.isArray(page.IndividualAssessmentNames)) {
      throw new MalformedResponseError('DescribeApplicableIndividualAssessments returned no IndividualAssessmentNames list');
    }
    names.push(...page.IndividualAssessmentNames);
  }
  return names;
}

/** Names in includeOnly/exclude must be ones DMS offers for this task; a typo would otherwise fail late or silently. */
export async function checkAssessmentNames(dms: Dms, params: Params): Promise<void> {
  const [prop, names] = params.includeOnly ? ['includeOnly', params.includeOnly] : params.exclude ? ['exclude', params.exclude] : [];
  if (!prop || !names) return;
  const offered = await applicableAssessments(dms, params.taskArn);
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

export async function startRun(dms: Dms, params: Params, name: string): Promise<ReplicationTaskAssessmentRun> {
  const out = await dms.send(
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

export async function cancelRun(dms: Dms, arn: string): Promise<'cancelling' | 'refused' | 'gone'> {
  try {
    await dms.send(new CancelReplicationTaskAssessmentRunCommand({ ReplicationTaskAssessmentRunArn: arn }));
    return 'cancelling';
  } catch (error) {
    // Refused: it finished (or began cancelling) between our look and the cancel; look again.
    if (isServiceError(error, 'InvalidResourceStateFault')) return 'refused';
    if (isServiceError(error, 'ResourceNotFoundFault')) return 'gone';
    throw error;
  }
}
