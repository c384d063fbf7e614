import { dmsStopReplicationAdapter } from './adapters/dms-stop-replication';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(dmsStopReplicationAdapter);
