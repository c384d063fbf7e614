import { REPLICATION_FILTERS } from '../../contract/dms-serverless';
import type { Caller } from '../core/identity';
import { awsJson, epochSeconds } from '../core/protocols';
import type { EmulatorResponse } from '../core/types';
import type { DmsService } from './dms';
import { pageRecords, parseFilters } from './dms-describe';
import type { DmsReplicationState, VisibleReplications } from './dms-replication-state';

/**
 * DMS Serverless DescribeReplicationConfigs: the configurations behind the replications that
 * DescribeReplications reports (one config per replication here), with the same filters
 * (`replication-config-arn`, `replication-config-id`), MaxRecords/Marker paging and the same
 * ResourceNotFoundFault when a filter matches nothing.
 */
export function serveReplicationConfigs(dms: DmsService, replications: VisibleReplications): void {
  dms.operations.set('DescribeReplicationConfigs', (input, caller) => describeReplicationConfigs(input, caller, replications));
}

function describeReplicationConfigs(input: Record<string, unknown>, caller: Caller, replications: VisibleReplications): EmulatorResponse {
  const filters = parseFilters(input.Filters, REPLICATION_FILTERS);
  if (typeof filters === 'string') return awsJson.error('InvalidParameterValueException', filters);
  const matching = replications
    .visibleReplications(caller)
    .filter((r) => filters.every((f) => f.values.includes(f.name === 'replication-config-arn' ? r.configArn : r.configIdentifier)));
  if (matching.length === 0) {
    return pageRecords(input, [], () => awsJson.error('ResourceNotFoundFault', 'No replication configs found matching provided filters'));
  }
  return pageRecords(input, matching, (page, marker) => ({ ReplicationConfigs: page.map(wireConfig), ...marker }));
}

function wireConfig(r: DmsReplicationState): Record<string, unknown> {
  const [, , , region, account] = r.configArn.split(':');
  return {
    ReplicationConfigIdentifier: r.configIdentifier,
    ReplicationConfigArn: r.configArn,
    SourceEndpointArn: `arn:aws:dms:${region}:${account}:endpoint:${r.configIdentifier.toUpperCase()}SOURCE`,
    TargetEndpointArn: `arn:aws:dms:${region}:${account}:endpoint:${r.configIdentifier.toUpperCase()}TARGET`,
    ReplicationType: r.replicationType,
    ComputeConfig: { MaxCapacityUnits: 16, MinCapacityUnits: 2, MultiAZ: false, ReplicationSubnetGroupId: 'default' },
    ReplicationSettings: '{"Logging":{"EnableLogging":true}}',
    TableMappings: '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"all","object-locator":{"schema-name":"%","table-name":"%"},"rule-action":"include"}]}',
    ReplicationConfigCreateTime: epochSeconds(r.createdAt),
    ReplicationConfigUpdateTime: epochSeconds(r.createdAt),
  };
}
