import { dmsStopAdapter } from './adapters/dms-stop-replication-task';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(dmsStopAdapter);
