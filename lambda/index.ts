import { type CutoverEvent, type IsCompleteResponse, type OnEventResponse, runIsComplete, runOnEvent } from './engine/engine';
import { logger, sanitizeEvent } from './engine/logger';
import { HandlerRuntime } from './engine/runtime';
import { loadOperation } from './operations/registry';

/**
 * What this execution environment keeps between invocations (AWS clients, secrets read, recent
 * faults): created once when Lambda loads the module, and handed to every invocation.
 */
const runtime = new HandlerRuntime({ loadOperation });

/**
 * Entry points of the one handler asset, wired to the Provider framework: onEvent runs once per
 * CloudFormation event, isComplete every poll until done. They return or throw; the Provider
 * framework sends the CloudFormation responses.
 */
export async function onEvent(event: CutoverEvent): Promise<OnEventResponse> {
  return handle('onEvent', event, async () => runOnEvent(runtime, await loadOperation(event.ResourceType), event));
}

export async function isComplete(event: CutoverEvent): Promise<IsCompleteResponse> {
  return handle('isComplete', event, async () => runIsComplete(runtime, await loadOperation(event.ResourceType), event));
}

async function handle<T>(phase: string, event: CutoverEvent, run: () => Promise<T>): Promise<T> {
  logger.resetKeys();
  logger.appendKeys({
    phase,
    requestType: event.RequestType,
    resourceType: event.ResourceType,
    logicalResourceId: event.LogicalResourceId,
    requestId: event.RequestId,
  });
  logger.info('Event received', { event: sanitizeEvent(event as unknown as Record<string, unknown>) });
  try {
    const result = await run();
    logger.info('Returning', { result: result as unknown as Record<string, unknown> });
    return result;
  } catch (error) {
    logger.error('Failing the stack operation', { reason: (error as Error).message });
    throw error;
  }
}
