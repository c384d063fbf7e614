import { dmsStartTaskAdapter } from './adapters/dms-start-replication-task';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(dmsStartTaskAdapter);
