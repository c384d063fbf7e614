import { CommonAttributes, decodeCommonProperties, LifecycleEvent, Outcomes, parseUndoRecord, type TimeoutCeiling, timeoutCeiling, type UndoRecipe, undoRecipeFor, UNDOING_KEY } from '../../contract';
import { pollIntervalMs } from './deadline';
import { OperationFailedError } from './errors';
import type { CutoverEvent, IsCompleteResponse, OnEventResponse } from './event';
import { Invocation, type Observation } from './invocation';
import { logger } from './logger';
import type { Operation } from './operation';
import type { HandlerRuntime } from './runtime';

/** CloudFormation's limit on a status reason (4 KB), with room for its own words. */
const MAX_REASON = 3800;

/**
 * One call of a rollback that reverses what the step did: the inverse operation's step (a resume
 * for a stop, a stop for a start) runs through the normal machinery on the recorded target, where
 * the acting properties say it lives, within their timeout. It always waits for the inverse's end
 * state, and fails with a reason rather than leave the target half-way without saying so.
 */
class UndoRun {
  private constructor(
    private readonly operation: Operation<unknown>,
    private readonly recipe: UndoRecipe,
    private readonly inverse: Invocation<unknown>,
    /** The acting step's target, as messages name it. */
    readonly target: string,
    /** How the stack was seen, e.g. `stack "app" is ROLLBACK_IN_PROGRESS`. */
    readonly seen: string,
  ) {}

  static async create(runtime: HandlerRuntime, operation: Operation<unknown>, event: CutoverEvent, seen: string, firstCall: boolean, startedAt: number): Promise<UndoRun> {
    const record = parseUndoRecord(event.PhysicalResourceId);
    const recipe = undoRecipeFor(event.ResourceType);
    const target = `${operation.targetKind} ${record?.targetId ?? event.PhysicalResourceId}`;
    if (!record || !recipe || recipe.action !== record.action) {
      throw new OperationFailedError(
        `Rollback (${seen}) cannot undo what this step did to ${target}: this handler has no "${record?.action ?? 'undo'}" for ${event.ResourceType}. ` +
          'The custom resource and its provider come from different cdk-cutover versions: reverse it by hand, then continue the rollback skipping this resource.',
      );
    }
    const acted = (event.RequestType === LifecycleEvent.UPDATE ? event.OldResourceProperties : event.ResourceProperties) ?? {};
    const inverseEvent: CutoverEvent = {
      ...event,
      RequestType: LifecycleEvent.UPDATE,
      ResourceType: recipe.inverseType,
      PhysicalResourceId: record.targetId,
      ResourceProperties: recipe.inverseProperties(acted),
      OldResourceProperties: undefined,
      // What the inverse's first call carried to its polls (its own keys, next to the undo's).
      Data: firstCall ? undefined : event.Data,
    };
    const inverseOperation = operation.undoOperation ? await operation.undoOperation() : await runtime.loadOperation(recipe.inverseType);
    // The undo waits inside the acting step's custom resource: its timeout reason names the acting step's ceiling
    // (a step with undoOnRollback waits at most an hour), not the inverse event's.
    const ceiling = actingCeiling(event, acted);
    const inverse = new Invocation({ runtime, operation: inverseOperation, event: inverseEvent, firstCall, startedAt, ceiling });
    return new UndoRun(operation, recipe, inverse, target, seen);
  }

  get startedAt(): number {
    return this.inverse.startedAt;
  }

  /** One look (and act) by the inverse's step, its failures worded as the rollback's. */
  async observe(deadlineMs: number): Promise<Observation | undefined> {
    try {
      return await this.inverse.observeBy(deadlineMs);
    } catch (error) {
      if (error instanceof OperationFailedError) throw this.failure(error.message);
      throw error;
    }
  }

  /** The attributes when the undo is over, or undefined while it must be polled (it always waits). */
  settle(observation: Observation): Record<string, string> | undefined {
    switch (observation.kind) {
      case 'complete': {
        const rollback = `Rollback (${this.seen})`;
        const did = this.recipe.action === 'resume' ? 'stopped' : 'started';
        const data = { ...(this.inverse.event.Data ?? {}), ...(observation.data ?? {}) };
        const nothing = this.inverse.firstCall || observation.data?.[CommonAttributes.OUTCOME] === Outcomes.NOTHING_TO_DO;
        const note = nothing
          ? `${rollback}: ${this.target} is already ${this.inverse.operation.goal}, so there was nothing to undo (this step had ${did} it in the deployment being rolled back; something has reversed that since).`
          : `${rollback}: ${this.recipe.said(this.target, data)}, which this step had ${did} in the deployment being rolled back.`;
        return this.fill({
          [CommonAttributes.OUTCOME]: nothing ? Outcomes.NOTHING_TO_DO : Outcomes.UNDONE,
          [CommonAttributes.STATUS]: observation.status,
          [CommonAttributes.NOTE]: note,
        });
      }
      case 'not-found':
        throw this.failure(
          `${this.target} was not found in region ${this.inverse.place.region || '(unknown)'} of account ${this.inverse.place.account || '(unknown)'} ` +
            '(it was deleted outside this stack, or "replicationTaskArn"/"sourceServerId" names another target).',
        );
      default:
        return undefined;
    }
  }

  timeoutReason(elapsedMs: number): string {
    return this.failure(this.inverse.timeoutReason(elapsedMs)).message;
  }

  noAnswerReason(elapsedMs: number): string {
    return this.failure(this.inverse.noAnswerReason(elapsedMs)).message;
  }

  get timeoutSeconds(): number {
    return this.inverse.common.timeoutSeconds;
  }

  get cloudFormationGivesUpAt(): number {
    return this.inverse.cloudFormationGivesUpAt;
  }

  get status(): string | undefined {
    return this.inverse.status;
  }

  /** Every attribute of the acting step is present (CloudFormation fails a Fn::GetAtt on a missing key). */
  fill(data: Record<string, string>): Record<string, string> {
    const filled: Record<string, string> = { [CommonAttributes.STATUS]: '', [CommonAttributes.NOTE]: '', [CommonAttributes.STARTED_AT]: String(this.startedAt) };
    for (const key of this.operation.attributes) filled[key] = '';
    return { ...filled, ...data };
  }

  private failure(why: string): OperationFailedError {
    const verb = this.recipe.action === 'resume' ? 'resume' : 'stop again';
    const reason =
      `Rollback (${this.seen}) could not ${verb} ${this.target}, which this step had ${this.recipe.action === 'resume' ? 'stopped' : 'started'} in the ` +
      `deployment being rolled back: ${why} Once the target is as it should be, continue the rollback; to leave it as it is, continue the rollback skipping this resource.`;
    return new OperationFailedError(reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason);
  }
}

/** The acting step's timeout ceiling on this rollback event; unreadable properties leave the inverse's own (a reason is no place to fail). */
function actingCeiling(event: CutoverEvent, acted: Record<string, unknown>): TimeoutCeiling | undefined {
  try {
    const acting = decodeCommonProperties(acted, event.ResourceType, pollIntervalMs() / 1000);
    return timeoutCeiling({ resourceType: event.ResourceType, ...acting }, event.RequestType as LifecycleEvent);
  } catch {
    return undefined;
  }
}

/** The first call of a rollback that undoes: act at once, settle when there is nothing to wait for. */
export async function startUndo(runtime: HandlerRuntime, operation: Operation<unknown>, event: CutoverEvent, seen: string): Promise<OnEventResponse> {
  const run = await UndoRun.create(runtime, operation, event, seen, true, Date.now());
  // A Delete may never change the physical id, and a rollback Update keeps the one it received.
  const physicalResourceId = event.PhysicalResourceId!;
  logger.info('Rollback: undoing what this step did', { target: run.target, seen });
  const observation = await run.observe(run.cloudFormationGivesUpAt - 1.5 * pollIntervalMs());
  const settled = observation && run.settle(observation);
  if (settled) return { PhysicalResourceId: physicalResourceId, Data: settled };
  const carry = observation?.kind === 'waiting' ? observation.carry : undefined;
  return { PhysicalResourceId: physicalResourceId, Data: { ...carry, [UNDOING_KEY]: seen, [CommonAttributes.STARTED_AT]: String(run.startedAt) } };
}

/** A poll of a rollback that undoes (its first call carried UNDOING_KEY). */
export async function pollUndo(runtime: HandlerRuntime, operation: Operation<unknown>, event: CutoverEvent): Promise<IsCompleteResponse> {
  const previous = event.Data ?? {};
  const startedAt = Number(previous[CommonAttributes.STARTED_AT]) || Date.now();
  const run = await UndoRun.create(runtime, operation, event, previous[UNDOING_KEY]!, false, startedAt);
  const poll = pollIntervalMs();
  const observation = await run.observe(run.cloudFormationGivesUpAt - poll / 2);
  if (!observation) throw new OperationFailedError(run.noAnswerReason(Date.now() - startedAt));
  const settled = run.settle(observation);
  if (settled) {
    logger.info('Rollback: undone', settled);
    return { IsComplete: true, Data: settled };
  }
  const elapsedMs = Date.now() - startedAt;
  if (elapsedMs + poll > run.timeoutSeconds * 1000) throw new OperationFailedError(run.timeoutReason(elapsedMs));
  logger.info('Rollback: still waiting', { status: run.status, elapsedMs });
  return { IsComplete: false };
}
