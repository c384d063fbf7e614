import { DmsAssessmentProps, ResourceTypes } from '../../../contract';
import type { Rig } from '../../support/rig';
import type { MatrixAdapter, Seeded } from '../adapter';

const properties = (taskArn: string) => ({
  [DmsAssessmentProps.REPLICATION_TASK_ARN]: taskArn,
  [DmsAssessmentProps.SERVICE_ACCESS_ROLE_ARN]: 'arn:aws:iam::123456789012:role/dms-assessment',
  [DmsAssessmentProps.RESULT_LOCATION_BUCKET]: 'matrix-assessments',
  [DmsAssessmentProps.RESULT_LOCATION_FOLDER]: 'matrix',
  [DmsAssessmentProps.RESULT_ENCRYPTION_MODE]: 'SSE_S3',
  [DmsAssessmentProps.RESULT_KMS_KEY_ARN]: '',
  [DmsAssessmentProps.ASSESSMENT_RUN_NAME]: 'matrix-check',
  [DmsAssessmentProps.FAIL_DEPLOYMENT_ON_FAILURE]: 'true',
  [DmsAssessmentProps.FAIL_ON_WARNING]: 'false',
});

const latestRun = (rig: Rig, seeded: Seeded) => rig.emulator.dmsAssessments.runsOf(seeded.id).at(-1);

/** The gate: it acts on Create (start a run, wait for it to pass); its effect is a run started. */
export const dmsAssessmentAdapter: MatrixAdapter = {
  name: 'DmsAssessmentRun',
  resourceType: ResourceTypes.DMS_ASSESSMENT_RUN,
  service: 'dms',
  actionOperation: 'StartReplicationTaskAssessmentRun',
  actionPermission: 'dms:StartReplicationTaskAssessmentRun',
  targetKind: 'DMS',
  actionEvent: 'Create',
  expectedPhysicalId: () => /^arn:aws:dms:us-east-1:123456789012:assessment-run:/,
  createOutcomeWhenDeleted: 'FAILED',
  doneState: 'passed',
  seedLive(rig, durationMs) {
    const taskArn = rig.emulator.dms.seedTask({ identifier: 'matrix-assessed', status: 'stopped' });
    rig.emulator.dmsAssessments.planRuns(taskArn, { startingMs: durationMs / 4, provisioningMs: durationMs / 4, runningMs: durationMs / 2 });
    return { id: taskArn, properties: properties(taskArn) };
  },
  missing() {
    const taskArn = 'arn:aws:dms:us-east-1:123456789012:task:MISSINGASSESSEDTASK0000000';
    return { id: taskArn, properties: properties(taskArn) };
  },
  stateOf: (rig, seeded) => latestRun(rig, seeded)?.Status as string | undefined,
  effects: (rig, seeded) => rig.emulator.dmsAssessments.runsOf(seeded.id).length,
  deleteOutOfBand(rig, seeded) {
    const run = latestRun(rig, seeded);
    if (run) rig.emulator.dmsAssessments.deleteOutOfBand(run.ReplicationTaskAssessmentRunArn as string);
    else rig.emulator.dms.deleteTask(seeded.id);
  },
};
