import { LongWaitResultProps, SIGNAL_UNIQUE_ID } from '../../contract';
import { OperationFailedError } from './errors';
import type { CutoverEvent, OnEventResponse } from './event';

/**
 * The result resource of a long-waiting step: its wait condition's Data attribute is a JSON object of
 * UniqueId → the signal's Data, and the step's signal carried its attributes as a JSON string. It
 * returns them as this resource's attributes, which the step's getters read (CloudFormation has no
 * intrinsic that parses JSON). It calls no service.
 */
export function readLongWaitResult(event: CutoverEvent): OnEventResponse {
  const physicalId = event.PhysicalResourceId ?? `${event.LogicalResourceId}-result`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId, Data: {} };
  const raw = event.ResourceProperties?.[LongWaitResultProps.WAIT_CONDITION_DATA];
  let attributes: Record<string, string>;
  try {
    const signals = JSON.parse(String(raw)) as Record<string, string>;
    attributes = JSON.parse(signals[SIGNAL_UNIQUE_ID]) as Record<string, string>;
    if (typeof attributes !== 'object' || attributes === null) throw new Error('not an object');
  } catch (error) {
    throw new OperationFailedError(
      `The wait condition of ${event.LogicalResourceId.replace(/Result[0-9A-F]*$/i, '')} holds no cdk-cutover signal (${(error as Error).message}); ` +
        'only the step\'s own waiter may signal its wait-condition handle. Retry the stack operation.',
    );
  }
  return { PhysicalResourceId: physicalId, Data: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)])) };
}
