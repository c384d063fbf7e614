import { HuaweiDcsStopProps, ResourceTypes } from '../../../contract';
import type { Rig } from '../../support/rig';
import { type MatrixAdapter, reachedService, type Seeded } from '../adapter';

const PROJECT = '0123456789abcdef0123456789abcdef';
const credentialsSeeded = new WeakSet<Rig>();
let counter = 0;

/** A secret with a valid AK/SK, created once per rig. */
function secretArn(rig: Rig): string {
  const name = 'matrix/huawei-aksk';
  if (!credentialsSeeded.has(rig)) {
    const keys = { accessKeyId: 'MATRIXACCESSKEY0000', secretAccessKey: 'matrix-secret-access-key-0000000000000000' };
    rig.emulator.dcs.addCredentials(keys);
    rig.emulator.secretsManager.createSecret({ name, value: JSON.stringify(keys) });
    credentialsSeeded.add(rig);
  }
  return rig.emulator.secretsManager.partialArn(name);
}

function seeded(rig: Rig, taskId: string): Seeded {
  return {
    // Failure reasons name the task as "<task id> in project <project id>".
    id: taskId,
    properties: {
      [HuaweiDcsStopProps.PROJECT_ID]: PROJECT,
      [HuaweiDcsStopProps.TASK_ID]: taskId,
      [HuaweiDcsStopProps.ENDPOINT]: rig.emulator.dcsEndpoint,
      [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: secretArn(rig),
    },
  };
}

const taskIdOf = (s: Seeded) => s.id;

export const dcsStopAdapter: MatrixAdapter = {
  name: 'HuaweiDcsStopMigrationTask',
  resourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
  service: 'dcs',
  actionOperation: 'StopMigrationTask',
  actionPermission: 'dcs:migrationTask:modify',
  targetKind: 'Huawei DCS migration task',
  actionEvent: 'Delete',
  expectedPhysicalId: (s) => `${PROJECT}/migration-task/${s.id}`,
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'TERMINATED',
  seedLive(rig, durationMs) {
    const taskId = rig.emulator.dcs.seedTask({ projectId: PROJECT, taskName: `matrix-${++counter}`, stopDurationMs: durationMs });
    return seeded(rig, taskId);
  },
  missing: (rig) => seeded(rig, '00000000-0000-4000-8000-000000000000'),
  stateOf: (rig, s) => rig.emulator.dcs.task(taskIdOf(s), PROJECT)?.status,
  effects: (rig, s) =>
    rig.emulator
      .callLog({ service: 'dcs', operation: 'StopMigrationTask' })
      .filter((c) => String(c.params.path).includes(taskIdOf(s)) && reachedService(c)).length,
  deleteOutOfBand: (rig, s) => rig.emulator.dcs.deleteTask(taskIdOf(s), PROJECT),
};
