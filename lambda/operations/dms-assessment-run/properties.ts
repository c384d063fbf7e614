import { decodeDmsAssessmentRun, DmsAssessmentRunParams } from '../../../contract';

/** The assessment's own properties, as the contract decodes them from the strings CloudFormation sends. */
export type Params = DmsAssessmentRunParams;

/** Decodes the resource properties through the contract; throws InvalidPropertyError naming the property at fault. */
export const parse = decodeDmsAssessmentRun;
