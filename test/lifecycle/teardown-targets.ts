import {
  CommonProps,
  DmsReplicationStopProps,
  DmsStopProps,
  DrsStopProps,
  HuaweiDcsStopProps,
  LifecycleEvent,
  RdsCancelExportProps,
  ResourceTypes,
} from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

/**
 * The teardown operations, each with a live target to seed, the event that deletes its
 * resource, and the call that would change the target: what the rollback tests need to tell
 * "left as it was" from "torn down".
 */
export interface TeardownTarget {
  readonly name: string;
  /** Seeds a live target (replicating, exporting, running, migrating) and returns its id. */
  seed(rig: Rig): string;
  /** The Delete of the resource, from the stack `stackId`. */
  deleteEvent(rig: Rig, id: string, stackId: string, options?: { readonly runOnRollback?: boolean }): CfnRequest;
  /** The calls that changed (or tried to change) the target. */
  changes(rig: Rig, id: string): number;
}

const PROJECT = '0123456789abcdef0123456789abcdef';
const AK = 'HWAKROLLBACK00000001';
const SK = 'hwSkRollbackSecretValue0123456789abcdef';

/** A rig whose emulator has each target's service settle quickly, and DCS credentials in a secret. */
export async function startTeardownRig(): Promise<Rig> {
  const rig = await startRig({
    emulator: { drs: { stopDurationMs: 200 }, dmsServerless: { stopDurationMs: 200 }, rds: { cancelDurationMs: 200 }, dcs: { stopDurationMs: 200, projectId: PROJECT } },
  });
  rig.emulator.dcs.addCredentials({ accessKeyId: AK, secretAccessKey: SK });
  dcsSecret = rig.emulator.secretsManager.createSecret({ name: 'rollback/dcs', value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
  return rig;
}
let dcsSecret = '';

let seq = 0;
const unique = (label: string) => `${label}-${++seq}`;

function deleteOf(resourceType: string, physicalId: string, properties: Record<string, unknown>, stackId: string, runOnRollback?: boolean): CfnRequest {
  return {
    RequestType: 'Delete',
    ResourceType: resourceType,
    LogicalResourceId: 'Teardown',
    PhysicalResourceId: physicalId,
    StackId: stackId,
    ResourceProperties: {
      ...properties,
      ...commonProps({ runOn: [LifecycleEvent.DELETE] }),
      ...(runOnRollback ? { [CommonProps.RUN_ON_ROLLBACK]: 'true' } : {}),
    },
  };
}

const count = (rig: Rig, service: string, operation: string, id: string) =>
  rig.emulator.callLog({ service, operation }).filter((c) => JSON.stringify(c.params).includes(id)).length;

export const TEARDOWN_TARGETS: readonly TeardownTarget[] = [
  {
    name: 'DrsStopReplication',
    seed: (rig) => rig.emulator.drs.seedSourceServer(),
    deleteEvent: (_rig, id, stackId, o) =>
      deleteOf(ResourceTypes.DRS_STOP_REPLICATION, id, { [DrsStopProps.SOURCE_SERVER_ID]: id }, stackId, o?.runOnRollback),
    changes: (rig, id) => count(rig, 'drs', 'StopReplication', id),
  },
  {
    name: 'RdsCancelExportTask',
    seed: (rig) => rig.emulator.rds.seedExportTask({ identifier: unique('export'), status: 'IN_PROGRESS', s3Bucket: 'exports', s3Prefix: 'nightly' }),
    deleteEvent: (_rig, id, stackId, o) =>
      deleteOf(ResourceTypes.RDS_CANCEL_EXPORT_TASK, id, { [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: id }, stackId, o?.runOnRollback),
    changes: (rig, id) => count(rig, 'rds', 'CancelExportTask', id),
  },
  {
    name: 'DmsStopReplicationTask',
    seed: (rig) => rig.emulator.dms.seedTask({ identifier: unique('task') }),
    deleteEvent: (_rig, id, stackId, o) =>
      deleteOf(ResourceTypes.DMS_STOP_REPLICATION_TASK, id, { [DmsStopProps.REPLICATION_TASK_ARN]: id }, stackId, o?.runOnRollback),
    changes: (rig, id) => count(rig, 'dms', 'StopReplicationTask', id),
  },
  {
    name: 'DmsStopReplication',
    seed: (rig) => rig.emulator.dmsServerless.seedReplication({ identifier: unique('serverless') }),
    deleteEvent: (_rig, id, stackId, o) =>
      deleteOf(ResourceTypes.DMS_STOP_REPLICATION, id, { [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: id }, stackId, o?.runOnRollback),
    changes: (rig, id) => count(rig, 'dms', 'StopReplication', id),
  },
  {
    name: 'HuaweiDcsStopMigrationTask',
    seed: (rig) => rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' }),
    deleteEvent: (rig, id, stackId, o) =>
      deleteOf(
        ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
        `${PROJECT}/migration-task/${id}`,
        {
          [HuaweiDcsStopProps.PROJECT_ID]: PROJECT,
          [HuaweiDcsStopProps.TASK_ID]: id,
          [HuaweiDcsStopProps.ENDPOINT]: rig.emulator.dcsEndpoint,
          [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: dcsSecret,
        },
        stackId,
        o?.runOnRollback,
      ),
    changes: (rig, id) => count(rig, 'dcs', 'StopMigrationTask', id),
  },
];

/** The targets by name, for tests about one of them. */
export const target = (name: string): TeardownTarget => TEARDOWN_TARGETS.find((t) => t.name === name)!;

/** A stack in `status` (and, with `root`, nested in a root stack in that status). */
export function stackIn(rig: Rig, status: string, root?: { readonly status: string }): string {
  if (!root) return rig.emulator.cloudformation.seedStack({ stackName: unique('app'), status });
  const rootId = rig.emulator.cloudformation.seedStack({ stackName: unique('root'), status: root.status });
  return rig.emulator.cloudformation.seedStack({ stackName: unique('nested'), status, parentId: rootId });
}
