import { drsStopAdapter } from './adapters/drs-stop-replication';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(drsStopAdapter);
