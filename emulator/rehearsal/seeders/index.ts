import { dmsAssessmentRunSeeder } from './dms-assessment-run';
import { dmsStartReplicationSeeder } from './dms-start-replication';
import { dmsStartReplicationTaskSeeder } from './dms-start-replication-task';
import { drsStartReplicationSeeder } from './drs-start-replication';
import { dmsStopReplicationSeeder } from './dms-stop-replication';
import { dmsStopReplicationTaskSeeder } from './dms-stop-replication-task';
import { drsStopReplicationSeeder } from './drs-stop-replication';
import { huaweiDcsStopMigrationTaskSeeder } from './huawei-dcs-stop-migration-task';
import { rdsCancelExportTaskSeeder } from './rds-cancel-export-task';
import type { Seeder } from './types';

/** One seeder per cdk-cutover resource type. */
const SEEDERS: readonly Seeder[] = [
  dmsStopReplicationTaskSeeder,
  dmsStopReplicationSeeder,
  dmsAssessmentRunSeeder,
  drsStopReplicationSeeder,
  rdsCancelExportTaskSeeder,
  huaweiDcsStopMigrationTaskSeeder,
  dmsStartReplicationTaskSeeder,
  dmsStartReplicationSeeder,
  drsStartReplicationSeeder,
];

export function seederFor(resourceType: string): Seeder | undefined {
  return SEEDERS.find((s) => s.resourceType === resourceType);
}

export function seededTypes(): string[] {
  return SEEDERS.map((s) => s.resourceType);
}

export type { SeedContext, SeededTarget, Seeder } from './types';
export { registerAssumedRole, StateEntry } from './types';
