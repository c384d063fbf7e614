import { ResourceType, ResourceTypes } from '../../contract';
import type { Operation } from '../engine/operation';

/**
 * Resource type → operation module. Each module is imported on first use so an invocation loads
 * only the SDK client its operation needs (the bundle is split per operation).
 */
const loaders: Record<string, () => Promise<Operation<any>>> = {
  [ResourceTypes.DMS_STOP_REPLICATION_TASK]: async () =>
    (await import('./dms-stop-replication-task')).dmsStopReplicationTask,
  [ResourceTypes.DMS_STOP_REPLICATION]: async () => (await import('./dms-stop-replication')).dmsStopReplication,
  [ResourceTypes.DMS_ASSESSMENT_RUN]: async () => (await import('./dms-assessment-run/index')).dmsAssessmentRun,
  [ResourceTypes.DRS_STOP_REPLICATION]: async () => (await import('./drs-stop-replication')).drsStopReplication,
  [ResourceTypes.RDS_CANCEL_EXPORT_TASK]: async () => (await import('./rds-cancel-export-task')).rdsCancelExportTask,
  [ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK]: async () =>
    (await import('./huawei-dcs-stop-migration-task')).huaweiDcsStopMigrationTask,
  [ResourceTypes.DMS_START_REPLICATION_TASK]: async () => (await import('./dms-start-replication-task')).dmsStartReplicationTask,
  [ResourceTypes.DMS_START_REPLICATION]: async () => (await import('./dms-start-replication')).dmsStartReplication,
  [ResourceTypes.DRS_START_REPLICATION]: async () => (await import('./drs-start-replication')).drsStartReplication,
  [ResourceTypes.DMS_PAUSE_DURING_CHANGE]: async () => (await import('./dms-pause-during-change/index')).dmsPauseDuringChange,
  [ResourceTypes.DMS_RESUME_AFTER_CHANGE]: async () => (await import('./dms-pause-during-change/index')).dmsResumeAfterChange,
};

export async function loadOperation(resourceType: string): Promise<Operation<unknown>> {
  const load = loaders[resourceType as ResourceType];
  if (!load) {
    throw new Error(
      `Unsupported resource type ${resourceType}; this handler serves ${Object.keys(loaders).join(', ')}. ` +
        'The custom resource and its provider come from different cdk-cutover versions: redeploy the stack.',
    );
  }
  return load();
}
