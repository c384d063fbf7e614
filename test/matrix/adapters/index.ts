import type { MatrixAdapter } from '../adapter';
import { dmsStopAdapter } from './dms-stop-replication-task';

/** Every operation the fault matrix covers. */
export const adapters: MatrixAdapter[] = [dmsStopAdapter];
