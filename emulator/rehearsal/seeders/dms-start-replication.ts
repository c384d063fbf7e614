import { DmsStartReplicationProps, ResourceTypes } from '../../../contract';
import { REPLICATION_CONFIG_ARN, START_UP_STATES } from '../../../contract/dms-serverless';
import { token } from '../physical-ids';
import { stringProperty, type Seeder } from './types';

// Each start-up state of a serverless replication takes a while; capacity provisioning the longest.
const DEFAULT_START_STEP_SECONDS = 60;
const REPLICATION_TYPES = ['full-load', 'cdc', 'full-load-and-cdc'] as const;
type ReplicationType = (typeof REPLICATION_TYPES)[number];

/**
 * DmsStartReplication: the replication of a DMS Serverless config to start. A config the stack
 * creates is `created` (never started); one given by ARN is `stopped`.
 */
export const dmsStartReplicationSeeder: Seeder = {
  resourceType: ResourceTypes.DMS_START_REPLICATION,
  stateKeys: {
    exists: 'false: the replication config does not exist',
    status: `the replication status when the stack is deployed (default: "created" for a config the stack creates, else "stopped"; e.g. running, ${START_UP_STATES[0]}, modifying)`,
    replicationType: `${REPLICATION_TYPES.join(' | ')} (default: the config resource's, else full-load-and-cdc)`,
    readOnly: '"true": the replication is managed by a zero-ETL integration (the start is refused)',
    startStepSeconds: `how long each of the ${START_UP_STATES.length} start-up states lasts (default ${DEFAULT_START_STEP_SECONDS})`,
  },
  seed(context) {
    const arn = stringProperty(context, DmsStartReplicationProps.REPLICATION_CONFIG_ARN);
    const source = context.source(DmsStartReplicationProps.REPLICATION_CONFIG_ARN);
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
        status: state.string('status') ?? (owned ? 'created' : 'stopped'),
        replicationType: replicationType as ReplicationType,
        isReadOnly: readOnly === 'true',
        startStepMs: state.seconds('startStepSeconds') ?? DEFAULT_START_STEP_SECONDS * 1000,
      });
      return { description, ids: [arn], status: () => emulator.dmsServerless.replication(arn)?.status ?? 'absent', goLive: () => undefined };
    });
  },
  changeTarget: (properties) => ({
    ...properties,
    [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: String(properties[DmsStartReplicationProps.REPLICATION_CONFIG_ARN]).replace(
      /:replication-config:([^:]+)$/,
      (_m, id: string) => `:replication-config:${token(id, 26)}`,
    ),
  }),
};
