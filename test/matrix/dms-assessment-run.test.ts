import { dmsAssessmentAdapter } from './adapters/dms-assessment-run';
import { describeFaultMatrix } from './fault-matrix';

describeFaultMatrix(dmsAssessmentAdapter);
