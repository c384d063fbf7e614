import { RdsCancelExportProps, ResourceTypes } from '../../../contract';
import type { RdsExportStatus } from '../../services/rds';
import { token } from '../physical-ids';
import { stringProperty, targetPlace, type Seeder } from './types';

// Cancelling a snapshot export takes minutes: RDS finishes the files it is writing first.
const DEFAULT_CANCEL_SECONDS = 300;

/** RdsCancelExportTask: a snapshot export to S3 that is in progress. */
export const rdsCancelExportTaskSeeder: Seeder = {
  resourceType: ResourceTypes.RDS_CANCEL_EXPORT_TASK,
  stateKeys: {
    exists: 'false: the export task does not exist',
    status: 'the export status (default "IN_PROGRESS"; STARTING, CANCELING, CANCELED, COMPLETE, FAILED)',
    s3Bucket: 'the bucket the export writes to (default "cutover-exports")',
    s3Prefix: 'the key prefix of its objects (default: the bucket root)',
    cancelDurationSeconds: `how long RDS takes from CancelExportTask to CANCELED (default ${DEFAULT_CANCEL_SECONDS})`,
  },
  seed(context) {
    const identifier = stringProperty(context, RdsCancelExportProps.EXPORT_TASK_IDENTIFIER);
    const { emulator, state } = context;
    return context.shared(`rds-export:${identifier}`, () => {
      const description = `RDS export ${identifier}`;
      if (!state.exists) return { description, ids: [identifier], status: () => 'absent', goLive: () => undefined };
      // An export is regional: it runs in the resource's Region (else the stack's), where the handler looks.
      emulator.rds.seedExportTask({
        identifier,
        ...targetPlace(context),
        status: (state.string('status') as RdsExportStatus | undefined) ?? 'IN_PROGRESS',
        s3Bucket: state.string('s3Bucket'),
        s3Prefix: state.string('s3Prefix'),
        cancelDurationMs: state.seconds('cancelDurationSeconds') ?? DEFAULT_CANCEL_SECONDS * 1000,
      });
      return {
        description,
        ids: [identifier],
        status: () => emulator.rds.exportTask(identifier)?.status ?? 'absent',
        // An export runs by itself; the deploy does not change it.
        goLive: () => undefined,
      };
    });
  },
  changeTarget: (properties) => {
    const identifier = String(properties[RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]);
    return { ...properties, [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: `${identifier.slice(0, 50)}-${token(identifier, 6, 'lower')}` };
  },
};
