import {
  type DatabaseMigrationServiceClient,
  paginateDescribeReplications,
  Replication,
  StopReplicationCommand,
} from '@aws-sdk/client-database-migration-service';
import {
  CATCH_UP_ATTRIBUTE_NAMES,
  decodeDmsStopReplication,
  DmsReplicationStopAttributes as Attributes,
  DmsStopReplicationParams as Params,
  ResourceTypes,
} from '../../contract';
import { AT_REST_STATES, RUNNING_STATE, STOP_REQUESTED_STATES, STOPPING_STATE } from '../../contract/dms-serverless';
import { MalformedResponseError, OperationFailedError, TargetNotFoundError, isServiceError } from '../engine/errors';
import type { Operation, StepResult } from '../engine/operation';
import { attributesAtStop, catchUpTimeoutAdvice, holdUntilCaughtUp, SeriesMatch, timingOf, WAITING_FOR_CATCH_UP } from './catch-up';
import { listedReplication } from './dms-listings';

type Found = Replication & { readonly Status: string };

// Marks a status in which DMS refused the stop (start-up, or a race); read by timeoutAdvice.
const REFUSED_MARK = ', stop refused: ';
// Long enough for DMS's explanation, short enough for a CloudFormation status reason.
const MAX_REFUSAL_MESSAGE = 200;

const notFound = (arn: string) => new TargetNotFoundError(`No replication for replication config ${arn}`);

/** The config's replication as DMS describes it now; TargetNotFoundError when there is none. */
async function describeReplication(dms: DatabaseMigrationServiceClient, arn: string): Promise<Found> {
  const filter = { Filters: [{ Name: 'replication-config-arn', Values: [arn] }] };
  try {
    for await (const page of paginateDescribeReplications({ client: dms }, filter)) {
      // An empty list means no replication (as ResourceNotFoundFault does); an absent one is a
      // broken (cut or empty) body and must never be mistaken for "gone".
      if (!Array.isArray(page.Replications)) throw new MalformedResponseError('DescribeReplications returned no Replications list');
      const found = page.Replications.find((r) => r.ReplicationConfigArn === arn);
      if (!found) continue;
      if (typeof found.Status !== 'string' || found.Status === '') throw new MalformedResponseError('DescribeReplications returned a replication without Status');
      return found as Found;
    }
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundFault')) throw notFound(arn);
    throw error;
  }
  throw notFound(arn);
}

type StopAnswer = { readonly accepted: true; readonly status: string } | { readonly accepted: false; readonly why: string };

async function stopReplication(dms: DatabaseMigrationServiceClient, arn: string, seen: string): Promise<StopAnswer> {
  try {
    const out = await dms.send(new StopReplicationCommand({ ReplicationConfigArn: arn }));
    return { accepted: true, status: out.Replication?.Status || STOPPING_STATE };
  } catch (error) {
    // Refused while the replication starts up (or it changed state since it was described): look again at the next poll.
    if (isServiceError(error, 'InvalidResourceStateFault')) {
      const message = (error.message || `the replication is ${seen}`).replace(/\s+/g, ' ').slice(0, MAX_REFUSAL_MESSAGE);
      return { accepted: false, why: `InvalidResourceStateFault: ${message}` };
    }
    if (isServiceError(error, 'ResourceNotFoundFault')) throw notFound(arn);
    throw error;
  }
}

/**
 * A serverless replication's latency metrics. Their dimension is not documented (third-party
 * dashboards disagree: ReplicationConfigId, ReplicationConfigIdentifier), so it is discovered: every
 * AWS/DMS latency metric listed whose dimension value is the config ARN's resource id or the config's
 * identifier belongs to it, whatever the dimension's name.
 */
function replicationSeries(arn: string, identifier: string | undefined): SeriesMatch {
  const values = new Set([arn.slice(arn.lastIndexOf(':') + 1), identifier].filter((v): v is string => !!v));
  return {
    accepts: (dims) => dims.some((d) => d.Value !== undefined && values.has(d.Value)),
    describe: `any dimension with the value ${[...values].join(' or ')}`,
  };
}

function details(r: Replication): Record<string, string> {
  return { [Attributes.STOP_REASON]: r.StopReason ?? '', [Attributes.RECOVERY_CHECKPOINT]: r.RecoveryCheckpoint ?? '' };
}

export const dmsStopReplication: Operation<Params> = {
  targetKind: 'DMS Serverless replication of config',
  goal: 'stopped',
  attributes: [Attributes.STOP_REASON, Attributes.RECOVERY_CHECKPOINT, ...CATCH_UP_ATTRIBUTE_NAMES],

  parse: (properties) => decodeDmsStopReplication(properties, timingOf(properties, ResourceTypes.DMS_STOP_REPLICATION)),
  targetId: (params) => params.replicationConfigArn,
  arnTarget: (params) => ({ prop: 'replicationConfigArn', arn: params.replicationConfigArn }),

  async step({ replicationConfigArn: arn, catchUp }, context): Promise<StepResult> {
    // The replication lives in the region and account its ARN names (the engine's target); so do its metrics.
    const dms = await context.clients.dms(context.target);
    // A poll reads the environment's shared listing; a first call (before it acts), or a replication
    // the listing does not hold, is read directly, filtered on its config ARN.
    const replication = ((await listedReplication(dms, arn, context)) as Found | undefined) ?? (await describeReplication(dms, arn));
    const status = replication.Status;
    context.observed(status);
    if (replication.IsReadOnly === true) {
      throw new OperationFailedError(
        `DMS Serverless replication of config ${arn} (${replication.ReplicationConfigIdentifier ?? 'no identifier'}, "${status}") is read-only: ` +
          'it is managed by a zero-ETL integration and cannot be stopped directly. Stop or delete it through its zero-ETL integration, ' +
          'or remove this DmsStopReplication from the stack, then retry the stack operation.',
      );
    }
    // At rest (never started, stopped, failed), or ended by itself while we waited: nothing runs.
    if (AT_REST_STATES.has(status)) {
      const stoppedAt = (replication.ReplicationStats?.StopDate ?? replication.ReplicationLastStopTime)?.getTime();
      const series = replicationSeries(arn, replication.ReplicationConfigIdentifier);
      const atStop = catchUp ? await attributesAtStop(await context.clients.cloudwatch(context.target), series, catchUp, context.startedAt, stoppedAt) : {};
      return { kind: 'complete', status, data: { ...details(replication), ...atStop } };
    }
    if (status === STOPPING_STATE) return { kind: 'waiting', status, issued: true, data: details(replication) };
    if (!STOP_REQUESTED_STATES.has(status)) {
      // A modification or deletion in progress, or a state DMS added since: wait, and let the deadline name it.
      return { kind: 'waiting', status, issued: false };
    }
    // Only a running replication has CDC latencies to wait for; in start-up states nothing is replicated yet.
    if (catchUp && status === RUNNING_STATE) {
      const series = replicationSeries(arn, replication.ReplicationConfigIdentifier);
      const held = await holdUntilCaughtUp(await context.clients.cloudwatch(context.target), series, catchUp, context);
      if (held) return held;
    }
    const answer = await stopReplication(dms, arn, status);
    if (answer.accepted) return { kind: 'waiting', status: answer.status, issued: true, data: details(replication) };
    return { kind: 'waiting', status: `${status}${REFUSED_MARK}${answer.why}`, issued: false };
  },

  timeoutAdvice: (_params, status, raise) =>
    status === WAITING_FOR_CATCH_UP
      ? catchUpTimeoutAdvice(raise)
      : status === STOPPING_STATE
      ? `The stop request stays in effect and DMS will finish it; check the replication in the DMS console (Serverless replications), then retry the stack operation. ${raise}`
      : status?.includes(REFUSED_MARK)
        ? `DMS refused the stop in this state (a serverless replication starting up accepts it once it runs); check the replication in the DMS console, then retry the stack operation. ${raise}`
        : `The replication never reached a state that accepts a stop (it may be starting, being modified or deleted); check it in the DMS console, then retry the stack operation. ${raise}`,
  notFoundAdvice: () =>
    'Check "replicationConfigArn": the replication config must exist (in the region and account of its ARN) when this resource is created or updated (aws dms describe-replications).',
  // undoOnRollback: a rollback resumes the replication this step stopped, from its recovery checkpoint.
  undoOperation: async () => (await import('./undo-resume')).resumeReplicationOnRollback,
  teardown: {
    // A stopped serverless replication resumes from its RecoveryCheckpoint, while one left running
    // blocks the deletion of its config and keeps replicating: stopping is the side that can be undone.
    whenUnsure: 'act',
    why: 'a stopped DMS Serverless replication can be resumed from its recovery checkpoint (resume-processing), so stopping is the side that can be undone.',
  },
};
