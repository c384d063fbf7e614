import { RdsCancelExportProps, ResourceTypes } from '../../../contract';
import { type MatrixAdapter, reachedService } from '../adapter';

let counter = 0;

export const rdsCancelAdapter: MatrixAdapter = {
  name: 'RdsCancelExportTask',
  resourceType: ResourceTypes.RDS_CANCEL_EXPORT_TASK,
  service: 'rds',
  actionOperation: 'CancelExportTask',
  actionPermission: 'rds:CancelExportTask',
  targetKind: 'RDS export task',
  actionEvent: 'Delete',
  expectedPhysicalId: (seeded) => seeded.id,
  createOutcomeWhenDeleted: 'SUCCESS',
  doneState: 'CANCELED',
  seedLive(rig, durationMs) {
    const identifier = rig.emulator.rds.seedExportTask({ identifier: `matrix-export-${++counter}`, cancelDurationMs: durationMs });
    return { id: identifier, properties: { [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: identifier } };
  },
  missing: () => ({ id: 'matrix-missing-export', properties: { [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: 'matrix-missing-export' } }),
  stateOf: (rig, seeded) => rig.emulator.rds.exportTask(seeded.id)?.status,
  effects: (rig, seeded) =>
    rig.emulator
      .callLog({ service: 'rds', operation: 'CancelExportTask' })
      .filter((c) => c.params.ExportTaskIdentifier === seeded.id && reachedService(c)).length,
  deleteOutOfBand: (rig, seeded) => rig.emulator.rds.deleteExportTask(seeded.id),
};
