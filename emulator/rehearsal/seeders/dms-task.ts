import type { SeedContext, SeededTarget } from './types';
import { stringProperty } from './types';

// DMS takes about a minute or two to stop a full-load-and-CDC task (it applies cached changes first).
const DEFAULT_STOP_SECONDS = 90;

/** The --state keys of a seeded DMS task, for every seeder whose target is one. */
export const DMS_TASK_STATE_KEYS: Readonly<Record<string, string>> = {
  exists: 'false: the task does not exist',
  status: 'the task status when the stack is deployed (default: "ready" for a task the stack creates, else "running")',
  liveStatus: 'the status a task the stack created has by teardown time (default "running")',
  migrationType: "full-load | cdc | full-load-and-cdc (default: the task resource's, else full-load-and-cdc)",
  stopDurationSeconds: `how long the task takes from StopReplicationTask to stopped (default ${DEFAULT_STOP_SECONDS})`,
};

/**
 * The DMS task a property names, seeded once for every resource that acts on it. A task the stack
 * creates (task.ref of a CfnReplicationTask) starts "ready", as CloudFormation leaves it, and is
 * running by teardown time; a task given by ARN is a live one, running from the start.
 */
export function dmsTask(context: SeedContext, arnProperty: string, defaults: { readonly givenStatus?: string; readonly startDurationMs?: number } = {}): SeededTarget {
  const arn = stringProperty(context, arnProperty);
  const source = context.source(arnProperty);
  const owned = source?.sameStack === true && source.resource.Type === 'AWS::DMS::ReplicationTask';
  const sourceProperties = source ? context.sourceProperties(source) : {};
  const { emulator, state } = context;
  return context.shared(`dms-task:${arn}`, () => {
    const identifier =
      (typeof sourceProperties.ReplicationTaskIdentifier === 'string' ? sourceProperties.ReplicationTaskIdentifier : undefined) ??
      (source ? kebab(source.logicalId) : `task-${arn.split(':').pop()!.slice(0, 8).toLowerCase()}`);
    const description = `DMS task ${identifier}`;
    if (!state.exists) return absent(description, arn);
    emulator.dms.seedTask({
      arn,
      identifier,
      status: state.string('status') ?? (owned ? 'ready' : (defaults.givenStatus ?? 'running')),
      startDurationMs: defaults.startDurationMs,
      migrationType:
        state.string('migrationType') ?? (typeof sourceProperties.MigrationType === 'string' ? sourceProperties.MigrationType : 'full-load-and-cdc'),
      stopDurationMs: state.seconds('stopDurationSeconds') ?? DEFAULT_STOP_SECONDS * 1000,
    });
    const liveStatus = state.string('liveStatus') ?? 'running';
    return {
      description,
      ids: [arn],
      status: () => emulator.dms.task(arn)?.status ?? 'absent',
      goLive: () => {
        // Someone starts the migration after the deploy; a task nobody touched is still "ready".
        if (owned && emulator.dms.task(arn)?.status === 'ready') emulator.dms.setStatus(arn, liveStatus);
      },
    };
  });
}

function absent(description: string, id: string): SeededTarget {
  return { description, ids: [id], status: () => 'absent', goLive: () => undefined };
}

/** "OrdersTask" → "orders-task", the way people name DMS tasks. */
function kebab(logicalId: string): string {
  return logicalId.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
