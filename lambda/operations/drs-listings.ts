import { type DrsClient, SourceServer, paginateDescribeSourceServers } from '@aws-sdk/client-drs';
import { MalformedResponseError, OperationFailedError, ServiceCallError } from '../engine/errors';
import type { StepContext } from '../engine/operation';

// DRS's largest page: an account's source servers (300 replicating at most) fit in one call.
const PAGE_SIZE = 1000;

/**
 * Every source server of the client's account and region, by id. DRS answers an account without
 * servers with an empty list, which never says a target is gone: the caller reads it directly.
 */
async function listServers(drs: DrsClient): Promise<ReadonlyMap<string, SourceServer>> {
  const servers = new Map<string, SourceServer>();
  for await (const page of paginateDescribeSourceServers({ client: drs, pageSize: PAGE_SIZE }, {})) {
    if (!Array.isArray(page.items)) throw new MalformedResponseError('DescribeSourceServers returned no items list');
    for (const server of page.items) {
      if (typeof server.sourceServerID !== 'string') throw new MalformedResponseError('DescribeSourceServers returned a server without sourceServerID');
      servers.set(server.sourceServerID, server);
    }
  }
  return servers;
}

/**
 * On a poll, the source server as the environment's shared listing shows it (see
 * SharedReads.onPoll); a server the listing does not hold is read directly: only that read may say
 * it is gone.
 */
export const listedServer = (drs: DrsClient, sourceServerId: string, context: StepContext): Promise<SourceServer | undefined> =>
  context.sharedReads.onPoll(context, drs, 'drs:DescribeSourceServers', sourceServerId, () => listServers(drs), PAGE_SIZE);

/**
 * DRS answers UninitializedAccountException in a region where the account never initialized it.
 * No source server can exist there, but an empty answer must not read as "the server is gone" (a
 * Delete would then succeed while the server replicates in the region the user meant): the step
 * fails on every request type, naming the region and the way out.
 */
export function isDrsUninitialized(error: unknown): boolean {
  const code = error instanceof ServiceCallError ? error.code : (error as { name?: string } | undefined)?.name;
  return code === 'UninitializedAccountException';
}

/** The failure for a region where DRS was never initialized (the client's region is the one looked in). */
export async function drsUninitializedFailure(drs: DrsClient, what: string): Promise<OperationFailedError> {
  const region = await drs.config.region();
  return new OperationFailedError(
    `Elastic Disaster Recovery is not initialized in ${region} for this account (UninitializedAccountException), so ${what} cannot be there. ` +
      `Initialize DRS in ${region} (DRS console → Get started), or fix the region (the "region" prop, or the region of the source server's ARN) and "assumedRoleArn" if the server lives elsewhere; then retry the stack operation.`,
  );
}

/** Runs a step's DRS calls, turning UninitializedAccountException into {@link drsUninitializedFailure}. */
export async function inInitializedDrs<T>(drs: DrsClient, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isDrsUninitialized(error)) throw await drsUninitializedFailure(drs, what);
    throw error;
  }
}
