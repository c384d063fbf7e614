import { type DrsClient, SourceServer, StopReplicationCommand, paginateDescribeSourceServers } from '@aws-sdk/client-drs';
import { decodeDrsStopReplication, DrsStopAttributes, DrsStopReplicationParams as Params } from '../../contract';
import { MalformedResponseError, TargetNotFoundError, isServiceError } from '../engine/errors';
import type { Operation, StepContext, StepResult } from '../engine/operation';
import { inInitializedDrs, listedServer } from './drs-listings';

const STOPPED = 'STOPPED';
// Marks a status in which DRS refused the stop because the server is busy; read by timeoutAdvice.
const BUSY_MARK = ', busy: ';
// Long enough for DRS's explanation, short enough for a CloudFormation status reason.
const MAX_CONFLICT_MESSAGE = 200;

/** The server as DRS describes it now; TargetNotFoundError when there is none. */
async function describeServer(drs: DrsClient, sourceServerId: string): Promise<SourceServer> {
  let server: SourceServer | undefined;
  for await (const page of paginateDescribeSourceServers({ client: drs }, { filters: { sourceServerIDs: [sourceServerId] } })) {
    // DRS answers an id that matches nothing with an empty list; an absent list (an empty or cut
    // body) is a broken response and must not be mistaken for "gone".
    if (!Array.isArray(page.items)) throw new MalformedResponseError('DescribeSourceServers returned no items list');
    server = page.items.find((s) => s.sourceServerID === sourceServerId);
    if (server) break;
  }
  if (!server) throw new TargetNotFoundError(`No source server ${sourceServerId}`);
  return server;
}

/** The server's replication state; a server described without one is a broken response. */
function withState(server: SourceServer): SourceServer & { dataReplicationState: string } {
  const state = server.dataReplicationInfo?.dataReplicationState;
  if (typeof state !== 'string' || state.length === 0) {
    throw new MalformedResponseError('DescribeSourceServers returned the server without dataReplicationInfo.dataReplicationState');
  }
  return { ...server, dataReplicationState: state };
}

type StopAnswer = { readonly accepted: true; readonly state?: string } | { readonly accepted: false; readonly why: string };

async function stopReplication(drs: DrsClient, sourceServerId: string): Promise<StopAnswer> {
  try {
    const out = await drs.send(new StopReplicationCommand({ sourceServerID: sourceServerId }));
    return { accepted: true, state: out.sourceServer?.dataReplicationInfo?.dataReplicationState };
  } catch (error) {
    // DRS refuses while the server is busy (for example a recovery or drill launch is in progress),
    // or when replication stopped meanwhile: either way, look again at the next poll.
    if (isServiceError(error, 'ConflictException')) {
      const message = (error.message || 'the server is busy').replace(/\s+/g, ' ').slice(0, MAX_CONFLICT_MESSAGE);
      return { accepted: false, why: `ConflictException: ${message}` };
    }
    if (isServiceError(error, 'ResourceNotFoundException')) throw new TargetNotFoundError(`No source server ${sourceServerId}`);
    throw error;
  }
}

/** The launch job DRS reports as running on the server, e.g. "DRILL launch PENDING", or undefined. */
function activeLaunch(server: SourceServer): string | undefined {
  const launch = server.lifeCycle?.lastLaunch;
  if (launch?.status !== 'PENDING' && launch?.status !== 'IN_PROGRESS') return undefined;
  return `${launch.initiated?.type ?? 'a'} launch ${launch.status}${launch.initiated?.jobID ? ` (job ${launch.initiated.jobID})` : ''}`;
}

/** One look at the server, and the stop request while replication is not yet stopped. */
async function lookAndStop(drs: DrsClient, sourceServerId: string, context: StepContext): Promise<StepResult> {
  // A poll reads the environment's shared listing; a first call (before it acts) reads directly.
  const server = withState((await listedServer(drs, sourceServerId, context)) ?? (await describeServer(drs, sourceServerId)));
  const state = server.dataReplicationState;
  context.observed(state);
  if (state === STOPPED) return { kind: 'complete', status: state };

  // DRS has no "stopping" state: a poll cannot tell a stop in progress from one never made. When
  // the first call's stop was accepted it says so, and polls only look (one call each); otherwise
  // the stop is requested again until DRS accepts it (ConflictException only means "wait").
  if (context.firstCallData?.[DrsStopAttributes.STOP_REQUESTED_AT]) return { kind: 'waiting', status: state, issued: true };
  const answer = await stopReplication(drs, sourceServerId);
  if (answer.accepted) {
    const carry = context.firstCall ? { [DrsStopAttributes.STOP_REQUESTED_AT]: String(Date.now()) } : undefined;
    return { kind: 'waiting', status: answer.state ?? state, issued: true, carry };
  }
  const launch = activeLaunch(server);
  return { kind: 'waiting', status: `${state}${BUSY_MARK}${launch ? `${launch}; ` : ''}${answer.why}`, issued: false };
}

export const drsStopReplication: Operation<Params> = {
  targetKind: 'DRS source server',
  goal: 'STOPPED',
  attributes: [DrsStopAttributes.STOP_REQUESTED_AT],

  parse: decodeDrsStopReplication,
  targetId: (params) => params.sourceServerId,

  async step({ sourceServerId }, context): Promise<StepResult> {
    const drs = await context.clients.drs(context.target);
    return inInitializedDrs(drs, `source server ${sourceServerId}`, () => lookAndStop(drs, sourceServerId, context));
  },

  timeoutAdvice: (_params, status, raise) =>
    status?.includes(BUSY_MARK)
      ? `DRS refused to stop replication because the server is busy (typically a recovery or drill launch in progress). Let the job finish or terminate it in the DRS console, then retry the stack operation. ${raise}`
      : `The stop request stays in effect and DRS will finish it; check the source server in the DRS console, then retry the stack operation. ${raise}`,
  notFoundAdvice: () =>
    'Check "sourceServerId" and "region": the source server must exist in that region (of the "assumedRoleArn" account, if set) when this resource is created or updated (DRS console → Source servers).',
  teardown: {
    whenUnsure: 'fail',
    why: 'Stopping DRS replication deletes the source server\'s snapshots (its recovery points) and cannot be undone, so it is never done when unsure.',
  },
};
