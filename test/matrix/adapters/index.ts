import type { MatrixAdapter } from '../adapter';
import { dmsAssessmentAdapter } from './dms-assessment-run';
import { dmsStopAdapter } from './dms-stop-replication-task';
import { drsStopAdapter } from './drs-stop-replication';
import { rdsCancelAdapter } from './rds-cancel-export-task';

/** Every operation the fault matrix covers. */
export const adapters: MatrixAdapter[] = [dmsStopAdapter, dmsAssessmentAdapter, drsStopAdapter, rdsCancelAdapter];
