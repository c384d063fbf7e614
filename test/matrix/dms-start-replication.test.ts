import { dmsStartReplicationAdapter } from './adapters/dms-start-replication';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(dmsStartReplicationAdapter);
