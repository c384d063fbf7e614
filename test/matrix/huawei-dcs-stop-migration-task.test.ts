import { dcsStopAdapter } from './adapters/huawei-dcs-stop-migration-task';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(dcsStopAdapter);
