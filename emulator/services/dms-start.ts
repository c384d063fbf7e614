import { TASK_START_ACCEPTING_STATES } from '../../contract/dms-start';
import type { Clock } from '../core/clock';
import type { Caller } from '../core/identity';
import { awsJson } from '../core/protocols';
import type { EmulatorResponse } from '../core/types';
import { startRequestRefusal } from './dms-start-request';
import type { DmsService, DmsTaskState } from './dms';


export interface DmsStartOptions {
  /** Emulated ms from StartReplicationTask (`starting`) to `running`. @default 2000 */
  readonly startDurationMs?: number;
}

/**
 * StartReplicationTask on the DMS endpoint (awsJson1_1), on the tasks of {@link DmsService}.
 *
 * As the DMS API Reference documents it: StartReplicationTaskType is required; a task's first run
 * accepts only `start-replication` (any other type answers InvalidResourceStateFault); CdcStartTime
 * and CdcStartPosition together are an error (InvalidParameterCombinationException); the task goes
 * `starting` → `running`, and a `full-load` task then stops by itself with StopReason
 * FULL_LOAD_ONLY_FINISHED. POLICY where DMS documents nothing: the start is accepted from `ready`,
 * `stopped` and `failed` and refused with InvalidResourceStateFault from every other state; CDC
 * positions on a `full-load` task are refused (InvalidParameterCombinationException); a malformed
 * CdcStopPosition answers InvalidParameterValueException.
 */
export class DmsTaskStarts {
  private readonly startDurationMs: number;
  /** Every StartReplicationTask accepted, in order (tests count the calls that did something). */
  readonly accepted: Array<{ readonly arn: string; readonly type: string; readonly cdcStartPosition?: string; readonly cdcStartTime?: number; readonly cdcStopPosition?: string }> = [];

  constructor(
    private readonly clock: Clock,
    private readonly dms: DmsService,
    options: DmsStartOptions = {},
  ) {
    this.startDurationMs = options.startDurationMs ?? 2000;
    dms.operations.set('StartReplicationTask', (input, caller) => this.start(input, caller));
  }

  private start(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const refused = startRequestRefusal(input, 'ReplicationTaskArn', 'StartReplicationTaskType');
    if (refused) return refused;
    const arn = input.ReplicationTaskArn as string;
    const type = input.StartReplicationTaskType as string;
    const { CdcStartTime: cdcStartTime, CdcStartPosition: cdcStartPosition, CdcStopPosition: cdcStopPosition } = input;
    const timeline = this.dms.timelineFor(arn, caller);
    const task = timeline?.read(this.clock.now());
    if (!timeline || !task) return awsJson.error('ResourceNotFoundFault', `Replication Task ${arn} not found`);
    if (!TASK_START_ACCEPTING_STATES.has(task.status)) {
      return awsJson.error('InvalidResourceStateFault', `Replication task ${task.identifier} is in ${task.status} state and cannot be started`);
    }
    if (task.startedAt === undefined && type !== 'start-replication') {
      return awsJson.error(
        'InvalidResourceStateFault',
        `Replication task ${task.identifier} has never run: start-replication is the only valid StartReplicationTaskType for its first run`,
      );
    }
    const hasCdc = cdcStartTime !== undefined || cdcStartPosition !== undefined || cdcStopPosition !== undefined;
    if (hasCdc && task.migrationType === 'full-load') {
      return awsJson.error('InvalidParameterCombinationException', 'CDC start and stop positions apply only to tasks with CDC (migration type cdc or full-load-and-cdc)');
    }
    this.accepted.push({
      arn,
      type,
      ...(typeof cdcStartPosition === 'string' ? { cdcStartPosition } : {}),
      ...(typeof cdcStartTime === 'number' ? { cdcStartTime } : {}),
      ...(typeof cdcStopPosition === 'string' ? { cdcStopPosition } : {}),
    });
    const now = this.clock.now();
    const starting: DmsTaskState = {
      ...task,
      status: 'starting',
      stopReason: undefined,
      cdcStartPosition: typeof cdcStartPosition === 'string' ? cdcStartPosition : typeof cdcStartTime === 'number' ? new Date(cdcStartTime * 1000).toISOString().slice(0, 19) : undefined,
      cdcStopPosition: typeof cdcStopPosition === 'string' ? cdcStopPosition : undefined,
    };
    timeline.set(starting);
    const runningAt = now + (task.startDurationMs ?? this.startDurationMs);
    timeline.at(runningAt, (t) => ({ ...t, status: 'running', startedAt: runningAt }));
    if (task.migrationType === 'full-load') {
      const finishedAt = runningAt + task.fullLoadDurationMs;
      timeline.at(finishedAt, (t) => ({ ...t, status: 'stopped', stopReason: 'Stop Reason FULL_LOAD_ONLY_FINISHED', stoppedAt: finishedAt }));
    }
    return awsJson.ok({ ReplicationTask: this.dms.wireTask(starting) });
  }
}
