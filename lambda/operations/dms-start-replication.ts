import { type DatabaseMigrationServiceClient, paginateDescribeReplications, Replication, StartReplicationCommand } from '@aws-sdk/client-database-migration-service';
import {
  DMS_START_ATTRIBUTE_NAMES,
  decodeDmsStartReplication,
  DmsStartReplicationParams as Params,
  REPLICATION_START_ACCEPTING_STATES,
  RunTraces,
} from '../../contract';
import { START_UP_STATES } from '../../contract/dms-serverless';
import { MalformedResponseError, OperationFailedError, TargetNotFoundError, isServiceError } from '../engine/errors';
import type { Operation, StepContext, StepResult } from '../engine/operation';
import { listedReplication } from './dms-listings';
import { cdcRequestMembers, StartLook, startStep, StartTarget, startTimeoutAdvice } from './dms-start-flow';

const STARTING_UP: ReadonlySet<string> = new Set(START_UP_STATES);

const notFound = (arn: string) => new TargetNotFoundError(`No replication for replication config ${arn}`);

/** The config's replication as DMS describes it now; TargetNotFoundError when there is none. */
async function describeReplication(dms: DatabaseMigrationServiceClient, arn: string): Promise<Replication> {
  try {
    for await (const page of paginateDescribeReplications({ client: dms }, { Filters: [{ Name: 'replication-config-arn', Values: [arn] }] })) {
      if (!Array.isArray(page.Replications)) throw new MalformedResponseError('DescribeReplications returned no Replications list');
      const found = page.Replications.find((r) => r.ReplicationConfigArn === arn);
      if (!found) continue;
      if (typeof found.Status !== 'string' || found.Status === '') throw new MalformedResponseError('DescribeReplications returned a replication without Status');
      return found;
    }
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundFault')) throw notFound(arn);
    throw error;
  }
  throw notFound(arn);
}

/** What a replication reports about earlier runs (all strong: none of these is set before a first start). */
export function replicationTraces(r: Replication): RunTraces {
  const stats = r.ReplicationStats;
  const strong = [
    stats?.StartDate && 'ReplicationStats.StartDate',
    stats?.FreshStartDate && 'ReplicationStats.FreshStartDate',
    stats?.StopDate && 'ReplicationStats.StopDate',
    r.ReplicationLastStopTime && 'ReplicationLastStopTime',
    r.RecoveryCheckpoint && 'RecoveryCheckpoint',
    r.StopReason && 'StopReason',
  ].filter((t): t is string => !!t);
  return { status: r.Status!, strong, weak: [] };
}

function lookOf(arn: string, r: Replication): StartLook {
  if (r.IsReadOnly === true) {
    throw new OperationFailedError(
      `DMS Serverless replication of config ${arn} (${r.ReplicationConfigIdentifier ?? 'no identifier'}, "${r.Status}") is read-only: ` +
        'it is managed by a zero-ETL integration and cannot be started directly. Start it through its zero-ETL integration, ' +
        'or remove this DmsStartReplication from the stack, then retry the stack operation.',
    );
  }
  return {
    status: r.Status!,
    traces: replicationTraces(r),
    startedAt: r.ReplicationStats?.StartDate,
    stoppedAt: r.ReplicationStats?.StopDate ?? r.ReplicationLastStopTime,
    stopReason: r.StopReason,
    failure: r.FailureMessages?.join('; '),
  };
}

/** The serverless replication's side of the start flow (also used by steps that resume one they stopped). */
export function replicationStartTarget(dms: DatabaseMigrationServiceClient, arn: string, context: StepContext): StartTarget {
  const direct = async () => lookOf(arn, await describeReplication(dms, arn));
  return {
    name: `DMS Serverless replication of config ${arn}`,
    accepting: REPLICATION_START_ACCEPTING_STATES,
    startingUp: STARTING_UP,
    look: async () => {
      const listed = await listedReplication(dms, arn, context);
      return listed ? lookOf(arn, listed) : direct();
    },
    lookDirectly: direct,
    async start(type, options) {
      try {
        await dms.send(
          new StartReplicationCommand({
            ReplicationConfigArn: arn,
            StartReplicationType: type,
            ...cdcRequestMembers(options),
          }),
        );
      } catch (error) {
        if (isServiceError(error, 'ResourceNotFoundFault')) throw notFound(arn);
        throw error;
      }
    },
  };
}

export const dmsStartReplication: Operation<Params> = {
  targetKind: 'DMS Serverless replication of config',
  goal: 'running',
  attributes: DMS_START_ATTRIBUTE_NAMES,

  parse: decodeDmsStartReplication,
  targetId: (params) => params.replicationConfigArn,
  arnTarget: (params) => ({ prop: 'replicationConfigArn', arn: params.replicationConfigArn }),

  async step(params, context): Promise<StepResult> {
    const dms = await context.clients.dms(context.target);
    return startStep(replicationStartTarget(dms, params.replicationConfigArn, context), params, context);
  },

  timeoutAdvice: (_params, status, raise) => startTimeoutAdvice(status, STARTING_UP, 'replication', raise),
  notFoundAdvice: () =>
    'Check "replicationConfigArn": the replication config must exist (in the region and account of its ARN) when this resource is created or updated (aws dms describe-replications).',
};
