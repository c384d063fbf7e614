import { type DrsClient, SourceServer, paginateDescribeSourceServers } from '@aws-sdk/client-drs';
import { MalformedResponseError } from '../engine/errors';
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
