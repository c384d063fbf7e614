import {
  CommonProps,
  DmsReplicationStopProps,
  DmsStartReplicationProps,
  DmsStartTaskProps,
  DmsStopProps,
  DrsStartProps,
  DrsStopProps,
  LifecycleEvent,
  ResourceTypes,
} from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

/**
 * The steps with undoOnRollback, each with a target to seed in the state the step changes, the
 * events of a deployment and its rollback, and how to read what happened to the target.
 */
export interface UndoTarget {
  readonly name: string;
  readonly resourceType: string;
  /** 'resume' for a stop (its rollback resumes), 'stop' for a start. */
  readonly action: 'resume' | 'stop';
  /** Seeds a target the step will change (running for a stop, stopped for a start); returns its id. */
  seed(rig: Rig): string;
  /** Seeds a target already where the step would put it. */
  seedAtGoal(rig: Rig): string;
  properties(id: string): Record<string, unknown>;
  state(rig: Rig, id: string): string | undefined;
  /** The state the step puts the target in, and the one the undo puts it back in. */
  readonly goal: string;
  readonly before: string;
  /** Accepted calls of the step's own action and of its inverse, on this target. */
  forward(rig: Rig, id: string): number;
  inverse(rig: Rig, id: string): number;
  /** Deletes the target outside the stack. */
  remove(rig: Rig, id: string): void;
}

/** Emulated services that settle within a few hundred ms; polls every 50 ms (the rig's). */
export function startUndoRig(): Promise<Rig> {
  return startRig({
    emulator: {
      dms: { stopDurationMs: 200 },
      dmsStarts: { startDurationMs: 200 },
      dmsServerless: { stopDurationMs: 200 },
      dmsServerlessStarts: { startUpStepMs: 30 },
      drs: { stopDurationMs: 200 },
      drsStarts: { initiatingMs: 100, initialSyncMs: 200 },
    },
  });
}

let seq = 0;
const unique = (label: string) => `${label}-${++seq}`;
const accepted = (rig: Rig, service: string, operation: string, id: string) =>
  rig.emulator.callLog({ service, operation }).filter((c) => c.status === 200 && JSON.stringify(c.params).includes(id)).length;

export const UNDO_TARGETS: readonly UndoTarget[] = [
  {
    name: 'DmsStopReplicationTask',
    resourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    action: 'resume',
    seed: (rig) => rig.emulator.dms.seedTask({ identifier: unique('task') }),
    seedAtGoal: (rig) => rig.emulator.dms.seedTask({ identifier: unique('task'), status: 'stopped', stopReason: 'Stop Reason NORMAL' }),
    properties: (id) => ({ [DmsStopProps.REPLICATION_TASK_ARN]: id }),
    state: (rig, id) => rig.emulator.dms.task(id)?.status,
    goal: 'stopped',
    before: 'running',
    forward: (rig, id) => accepted(rig, 'dms', 'StopReplicationTask', id),
    inverse: (rig, id) => accepted(rig, 'dms', 'StartReplicationTask', id),
    remove: (rig, id) => rig.emulator.dms.deleteTask(id),
  },
  {
    name: 'DmsStopReplication',
    resourceType: ResourceTypes.DMS_STOP_REPLICATION,
    action: 'resume',
    seed: (rig) => rig.emulator.dmsServerless.seedReplication({ identifier: unique('serverless') }),
    seedAtGoal: (rig) => rig.emulator.dmsServerless.seedReplication({ identifier: unique('serverless'), status: 'stopped', stopReason: 'Stop Reason NORMAL' }),
    properties: (id) => ({ [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: id }),
    state: (rig, id) => rig.emulator.dmsServerless.replication(id)?.status,
    goal: 'stopped',
    before: 'running',
    forward: (rig, id) => accepted(rig, 'dms', 'StopReplication', id),
    inverse: (rig, id) => accepted(rig, 'dms', 'StartReplication', id),
    remove: (rig, id) => rig.emulator.dmsServerless.deleteReplication(id),
  },
  {
    name: 'DrsStopReplication',
    resourceType: ResourceTypes.DRS_STOP_REPLICATION,
    action: 'resume',
    seed: (rig) => rig.emulator.drs.seedSourceServer(),
    seedAtGoal: (rig) => rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED' }),
    properties: (id) => ({ [DrsStopProps.SOURCE_SERVER_ID]: id }),
    state: (rig, id) => rig.emulator.drs.sourceServer(id)?.dataReplicationState,
    goal: 'STOPPED',
    before: 'CONTINUOUS',
    forward: (rig, id) => accepted(rig, 'drs', 'StopReplication', id),
    inverse: (rig, id) => accepted(rig, 'drs', 'StartReplication', id),
    remove: (rig, id) => rig.emulator.drs.deleteSourceServer(id),
  },
  {
    name: 'DmsStartReplicationTask',
    resourceType: ResourceTypes.DMS_START_REPLICATION_TASK,
    action: 'stop',
    seed: (rig) => rig.emulator.dms.seedTask({ identifier: unique('task'), status: 'stopped', stopReason: 'Stop Reason NORMAL' }),
    seedAtGoal: (rig) => rig.emulator.dms.seedTask({ identifier: unique('task') }),
    properties: (id) => ({ [DmsStartTaskProps.REPLICATION_TASK_ARN]: id }),
    state: (rig, id) => rig.emulator.dms.task(id)?.status,
    goal: 'running',
    before: 'stopped',
    forward: (rig, id) => accepted(rig, 'dms', 'StartReplicationTask', id),
    inverse: (rig, id) => accepted(rig, 'dms', 'StopReplicationTask', id),
    remove: (rig, id) => rig.emulator.dms.deleteTask(id),
  },
  {
    name: 'DmsStartReplication',
    resourceType: ResourceTypes.DMS_START_REPLICATION,
    action: 'stop',
    seed: (rig) => rig.emulator.dmsServerless.seedReplication({ identifier: unique('serverless'), status: 'stopped', stopReason: 'Stop Reason NORMAL' }),
    seedAtGoal: (rig) => rig.emulator.dmsServerless.seedReplication({ identifier: unique('serverless') }),
    properties: (id) => ({ [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: id }),
    state: (rig, id) => rig.emulator.dmsServerless.replication(id)?.status,
    goal: 'running',
    before: 'stopped',
    forward: (rig, id) => accepted(rig, 'dms', 'StartReplication', id),
    inverse: (rig, id) => accepted(rig, 'dms', 'StopReplication', id),
    remove: (rig, id) => rig.emulator.dmsServerless.deleteReplication(id),
  },
  {
    name: 'DrsStartReplication',
    resourceType: ResourceTypes.DRS_START_REPLICATION,
    action: 'stop',
    seed: (rig) => rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED' }),
    seedAtGoal: (rig) => rig.emulator.drs.seedSourceServer(),
    properties: (id) => ({ [DrsStartProps.SOURCE_SERVER_ID]: id }),
    state: (rig, id) => rig.emulator.drs.sourceServer(id)?.dataReplicationState,
    goal: 'CONTINUOUS',
    before: 'STOPPED',
    forward: (rig, id) => accepted(rig, 'drs', 'StartReplication', id),
    inverse: (rig, id) => accepted(rig, 'drs', 'StopReplication', id),
    remove: (rig, id) => rig.emulator.drs.deleteSourceServer(id),
  },
];

export const undoTarget = (name: string): UndoTarget => UNDO_TARGETS.find((t) => t.name === name)!;

/** The resource properties of a cutover step: runOn [CREATE] (and UPDATE), undoOnRollback unless told otherwise. */
export function stepProperties(t: UndoTarget, id: string, options: { readonly undo?: boolean; readonly timeoutSeconds?: number } = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent',
    ...t.properties(id),
    ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE], timeoutSeconds: options.timeoutSeconds }),
    ...(options.undo === false ? {} : { [CommonProps.UNDO_ON_ROLLBACK]: 'true' }),
  };
}

export function request(
  t: UndoTarget,
  type: CfnRequest['RequestType'],
  stackId: string,
  properties: Record<string, unknown>,
  extra: { readonly physicalId?: string; readonly old?: Record<string, unknown> } = {},
): CfnRequest {
  return {
    RequestType: type,
    ResourceType: t.resourceType,
    LogicalResourceId: 'Cutover',
    StackId: stackId,
    PhysicalResourceId: extra.physicalId,
    ResourceProperties: properties,
    ...(extra.old ? { OldResourceProperties: extra.old } : {}),
  };
}

/** A stack in `status`. */
export function stackIn(rig: Rig, status: string): string {
  return rig.emulator.cloudformation.seedStack({ stackName: unique('app'), status });
}
