import type { MatrixAdapter } from '../adapter';
import { dmsStopAdapter } from './dms-stop-replication-task';
import { drsStopAdapter } from './drs-stop-replication';
import { rdsCancelAdapter } from './rds-cancel-export-task';

/** Every operation the fault matrix covers. */
export const adapters: MatrixAdapter[] = [dmsStopAdapter, drsStopAdapter, rdsCancelAdapter];
