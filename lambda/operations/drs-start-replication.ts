import { type DrsClient, SourceServer, StartReplicationCommand, paginateDescribeSourceServers } from '@aws-sdk/client-drs';
import {
  CommonAttributes,
  decodeDrsStartReplication,
  DRS_BROKEN_STATES,
  DRS_START_UP_STATES,
  DrsStartAttributes,
  DrsStartReplicationParams as Params,
  Outcomes,
} from '../../contract';
import { MalformedResponseError, OperationFailedError, TargetNotFoundError, isServiceError } from '../engine/errors';
import type { Operation, StepContext, StepResult } from '../engine/operation';
import { listedServer } from './drs-listings';

const STOPPED = 'STOPPED';
const CONTINUOUS = 'CONTINUOUS';
// Marks a status in which DRS refused the start; read by timeoutAdvice.
const REFUSED_MARK = ', start refused: ';
const MAX_MESSAGE = 200;
// DRS's clock and the handler's agree within this.
const CLOCK_SKEW_MS = 5000;

const short = (text: string) => text.replace(/\s+/g, ' ').slice(0, MAX_MESSAGE);

/** The region DRS was called in, for messages. */
const regionOf = (context: StepContext) => context.target.region ?? process.env.AWS_REGION ?? '(the Lambda\'s region)';

/**
 * DRS answers every call in a region where the service was never initialized for the account with
 * UninitializedAccountException: say so, rather than report the server missing.
 */
function uninitialized(error: unknown, context: StepContext): unknown {
  if (!isServiceError(error, 'UninitializedAccountException')) return error;
  return new OperationFailedError(
    `AWS Elastic Disaster Recovery is not initialized in region ${regionOf(context)} for this account (UninitializedAccountException), so it has no source servers there. ` +
      'Set "region" to the DRS recovery region the server is registered in, or initialize DRS in that region (DRS console → Settings, or "aws drs initialize-service"), then retry the stack operation.',
  );
}

async function describeServer(drs: DrsClient, sourceServerId: string): Promise<SourceServer> {
  for await (const page of paginateDescribeSourceServers({ client: drs }, { filters: { sourceServerIDs: [sourceServerId] } })) {
    if (!Array.isArray(page.items)) throw new MalformedResponseError('DescribeSourceServers returned no items list');
    const server = page.items.find((s) => s.sourceServerID === sourceServerId);
    if (server) return server;
  }
  throw new TargetNotFoundError(`No source server ${sourceServerId}`);
}

function stateOf(server: SourceServer): string {
  const state = server.dataReplicationInfo?.dataReplicationState;
  if (typeof state !== 'string' || state.length === 0) {
    throw new MalformedResponseError('DescribeSourceServers returned the server without dataReplicationInfo.dataReplicationState');
  }
  return state;
}

type StartAnswer = { readonly accepted: true; readonly state?: string } | { readonly accepted: false; readonly why: string };

async function startReplication(drs: DrsClient, sourceServerId: string): Promise<StartAnswer> {
  try {
    const out = await drs.send(new StartReplicationCommand({ sourceServerID: sourceServerId }));
    return { accepted: true, state: out.sourceServer?.dataReplicationInfo?.dataReplicationState };
  } catch (error) {
    // Not STOPPED (any more), or busy: look again at the next poll.
    if (isServiceError(error, 'ConflictException')) return { accepted: false, why: `ConflictException: ${short(error.message || 'conflict')}` };
    if (isServiceError(error, 'ResourceNotFoundException')) throw new TargetNotFoundError(`No source server ${sourceServerId}`);
    throw error;
  }
}

/** When DRS says the current replication initiation began (undefined when it does not say). */
function initiatedAt(server: SourceServer): number | undefined {
  const raw = server.dataReplicationInfo?.dataReplicationInitiation?.startDateTime;
  const at = raw ? Date.parse(raw) : NaN;
  return Number.isNaN(at) ? undefined : at;
}

/** The start step's look and action, reusable by a step that restarts replication it stopped. */
export async function drsStartStep({ sourceServerId }: Params, context: StepContext): Promise<StepResult> {
  const drs = await context.clients.drs(context.target);
  let server: SourceServer;
  try {
    server = (await listedServer(drs, sourceServerId, context)) ?? (await describeServer(drs, sourceServerId));
  } catch (error) {
    throw uninitialized(error, context);
  }
  const state = stateOf(server);
  context.observed(state);
  const requestedAt = Number(context.firstCallData?.[DrsStartAttributes.START_REQUESTED_AT]) || undefined;
  const initiation = initiatedAt(server);
  const startedHere = !context.firstCall && (requestedAt !== undefined || (initiation !== undefined && initiation >= context.startedAt - CLOCK_SKEW_MS));

  if (state === CONTINUOUS) {
    if (startedHere) return { kind: 'complete', status: state };
    return {
      kind: 'complete',
      status: state,
      data: {
        [CommonAttributes.OUTCOME]: Outcomes.NOTHING_TO_DO,
        [CommonAttributes.NOTE]: context.firstCallData?.[CommonAttributes.NOTE] || 'Replication was already CONTINUOUS: nothing was sent.',
      },
    };
  }
  if (DRS_BROKEN_STATES.has(state)) {
    const error = server.dataReplicationInfo?.dataReplicationError;
    throw new OperationFailedError(
      `DRS source server ${sourceServerId} is ${state}${error?.error ? ` (${error.error}${error.rawError ? `: ${short(error.rawError)}` : ''})` : ''}: replication will not reach CONTINUOUS by itself. ` +
        (state === 'DISCONNECTED'
          ? 'The replication agent on the source machine lost contact with DRS: check that the machine runs and its agent can reach the DRS and staging-area endpoints (TCP 443 and 1500), then retry the stack operation.'
          : 'Replication stalled: check the staging area (replication server, subnet, security group, TCP 1500) and the error in the DRS console, then retry the stack operation.'),
    );
  }
  if (DRS_START_UP_STATES.has(state)) {
    const note = `Replication of DRS source server ${sourceServerId} was already ${state} when this step looked: nothing was sent; the step waited for CONTINUOUS.`;
    return { kind: 'waiting', status: state, issued: true, ...(context.firstCall ? { carry: { [CommonAttributes.NOTE]: note } } : {}) };
  }
  if (state !== STOPPED) {
    // PAUSED or a state DRS added since: wait, and let the deadline name it.
    return { kind: 'waiting', status: state, issued: false };
  }
  const answer = await startReplication(drs, sourceServerId).catch((error: unknown) => {
    throw uninitialized(error, context);
  });
  if (!answer.accepted) return { kind: 'waiting', status: `${state}${REFUSED_MARK}${answer.why}`, issued: false };
  const data = { [DrsStartAttributes.START_REQUESTED_AT]: String(Date.now()) };
  return { kind: 'waiting', status: answer.state ?? 'INITIATING', issued: true, data, ...(context.firstCall ? { carry: data } : {}) };
}

export const drsStartReplication: Operation<Params> = {
  targetKind: 'DRS source server',
  goal: CONTINUOUS,
  attributes: [DrsStartAttributes.START_REQUESTED_AT],

  parse: decodeDrsStartReplication,
  targetId: (params) => params.sourceServerId,

  step: drsStartStep,

  timeoutAdvice: (_params, status, raise) =>
    status?.includes(REFUSED_MARK)
      ? `DRS refused to start replication (the server was not STOPPED, or is busy); check the source server in the DRS console, then retry the stack operation. ${raise}`
      : `Replication was started and is still syncing: an initial sync copies every disk again and can take hours for large disks. DRS keeps syncing; check progress in the DRS console, then retry the stack operation or set "waitForCompletion: false" to not wait for the sync. ${raise}`,
  notFoundAdvice: () =>
    'Check "sourceServerId" and "region": the source server must exist in that region (of the "assumedRoleArn" account, if set) when this resource is created or updated (DRS console → Source servers).',
};
