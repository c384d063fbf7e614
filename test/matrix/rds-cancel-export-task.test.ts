import { rdsCancelAdapter } from './adapters/rds-cancel-export-task';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(rdsCancelAdapter);
