import { DmsReplicationStopProps, ResourceTypes } from '../../../contract';
import { REPLICATION_CONFIG_ARN, START_UP_STATES } from '../../../contract/dms-serverless';
import { token } from '../physical-ids';
import { stringProperty, type Seeder } from './types';

// A serverless replication applies its cached changes before it stops: a couple of minutes.
const DEFAULT_STOP_SECONDS = 120;
const REPLICATION_TYPES = ['full-load', 'cdc', 'full-load-and-cdc'] as const;
type ReplicationType = (typeof REPLICATION_TYPES)[number];

/**
 * DmsStopReplication: the replication of a DMS Serverless config. A config the stack creates
 * (config.ref of a CfnReplicationConfig) is `created` after the deploy, as CloudFormation leaves it
 * (creating a config does not start it), and running by teardown time; a config given by ARN runs
 * from the start.
 */
export const dmsStopReplicationSeeder: Seeder = {
  resourceType: ResourceTypes.DMS_STOP_REPLICATION,
  stateKeys: {
    exists: 'false: the replication config does not exist',
    status: `the replication status when the stack is deployed (default: "created" for a config the stack creates, else "running"; e.g. ${START_UP_STATES[0]}, stopping, stopped, failed)`,
    liveStatus: 'the status a config the stack created has by teardown time (default "running")',
    replicationType: `${REPLICATION_TYPES.join(' | ')} (default: the config resource's, else full-load-and-cdc)`,
    readOnly: '"true": the replication is managed by a zero-ETL integration (the stop is refused)',
    stopDurationSeconds: `how long the replication takes from StopReplication to stopped (default ${DEFAULT_STOP_SECONDS})`,
  },
  seed(context) {
    const arn = stringProperty(context, DmsReplicationStopProps.REPLICATION_CONFIG_ARN);
    const source = context.source(DmsReplicationStopProps.REPLICATION_CONFIG_ARN);
    const owned = source?.sameStack === true && source.resource.Type === 'AWS::DMS::ReplicationConfig';
    const sourceProperties = source ? context.sourceProperties(source) : {};
    const { emulator, state } = context;
    return context.shared(`dms-replication:${arn}`, () => {
      const identifier =
        (typeof sourceProperties.ReplicationConfigIdentifier === 'string' ? sourceProperties.ReplicationConfigIdentifier : undefined) ??
        `config-${arn.split(':').pop()!.slice(0, 8).toLowerCase()}`;
      const description = `DMS Serverless replication ${identifier}`;
      if (!state.exists) return { description, ids: [arn], status: () => 'absent', goLive: () => undefined };
      if (!REPLICATION_CONFIG_ARN.test(arn)) throw new Error(`${context.resourceName}: ${arn} is not a replication config ARN; the rehearsal cannot seed it`);
      const replicationType = state.string('replicationType') ?? sourceProperties.ReplicationType ?? 'full-load-and-cdc';
      if (!REPLICATION_TYPES.includes(replicationType as ReplicationType)) {
        throw new Error(`${context.resourceName}: "replicationType" must be one of ${REPLICATION_TYPES.join(', ')}, got ${JSON.stringify(replicationType)}`);
      }
      const readOnly = state.string('readOnly');
      if (readOnly !== undefined && readOnly !== 'true' && readOnly !== 'false') {
        throw new Error(`${context.resourceName}: "readOnly" must be "true" or "false", got ${JSON.stringify(readOnly)}`);
      }
      emulator.dmsServerless.seedReplication({
        arn,
        identifier,
        status: state.string('status') ?? (owned ? 'created' : 'running'),
        replicationType: replicationType as ReplicationType,
        isReadOnly: readOnly === 'true',
        stopDurationMs: state.seconds('stopDurationSeconds') ?? DEFAULT_STOP_SECONDS * 1000,
      });
      const liveStatus = state.string('liveStatus') ?? 'running';
      return {
        description,
        ids: [arn],
        status: () => emulator.dmsServerless.replication(arn)?.status ?? 'absent',
        goLive: () => {
          // Someone starts the replication after the deploy; a config nobody started is still "created".
          if (owned && emulator.dmsServerless.replication(arn)?.status === 'created') emulator.dmsServerless.setStatus(arn, liveStatus);
        },
      };
    });
  },
  changeTarget: (properties) => ({
    ...properties,
    [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: String(properties[DmsReplicationStopProps.REPLICATION_CONFIG_ARN]).replace(
      /:replication-config:([^:]+)$/,
      (_m, id: string) => `:replication-config:${token(id, 26)}`,
    ),
  }),
};
