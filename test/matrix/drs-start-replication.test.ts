import { drsStartAdapter } from './adapters/drs-start-replication';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(drsStartAdapter);
