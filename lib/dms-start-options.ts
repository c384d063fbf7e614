import { DmsStartType, DmsStartOptions } from '../contract';
import type { AwsCutoverOperationProps } from './cutover-operation-props';

/** Properties both DMS start steps share: how to start, and where CDC starts and stops. */
export interface DmsStartOperationProps extends AwsCutoverOperationProps {
  /**
   * How to start. `AUTO` sends `start-replication` to a target that never ran and
   * `resume-processing` to one that did. "Never ran" means DMS reports it `ready` (serverless:
   * `created` or `ready`) with no trace of an earlier run: no start or stop date in its statistics,
   * no recovery checkpoint, no stop reason, no `ReplicationTaskStartDate`. Anything else is
   * resumed, so a target is never reloaded by accident; if DMS refuses that resume and the only
   * trace was `ReplicationTaskStartDate` (documented as a scheduled start date), the step falls
   * back to `start-replication`. An explicit type is sent as given; DMS refuses anything but
   * `START_REPLICATION` on a first run, and the step then fails saying so.
   *
   * @default DmsStartType.AUTO
   */
  readonly startType?: DmsStartType;

  /**
   * The point in time change data capture starts from (DMS `CdcStartTime`). At most one of
   * the CDC start time and the CDC start position.
   *
   * @default - none: DMS starts or resumes CDC as the start type says
   */
  readonly cdcStartTime?: Date;

  /**
   * Where change data capture starts (DMS `CdcStartPosition`): a date `YYYY-MM-DDTHH:MM:SS`, a
   * checkpoint `checkpoint:V1#…` (e.g. the recovery checkpoint a stop reported) or a native
   * position (an LSN or SCN). At most one of the CDC start time and the CDC start position.
   *
   * @default - none
   */
  readonly cdcStartPosition?: string;

  /**
   * Where change data capture stops (DMS `CdcStopPosition`): `server_time:YYYY-MM-DDTHH:MM:SS` or
   * `commit_time:YYYY-MM-DDTHH:MM:SS`. A task that then stops at that position while the step
   * waits is success.
   *
   * @default - none: CDC runs until stopped
   */
  readonly cdcStopPosition?: string;
}

/**
 * The start options as the contract encodes them (the Date as ISO-8601).
 *
 * @internal
 */
export function dmsStartOptions(props: DmsStartOperationProps): Partial<DmsStartOptions> {
  const time = props.cdcStartTime;
  if (time !== undefined && (!(time instanceof Date) || Number.isNaN(time.getTime()))) {
    throw new Error(`"cdcStartTime" is ${String(time)}; pass a valid Date (the point in time CDC starts from), or leave it out`);
  }
  return {
    startType: props.startType,
    cdcStartTime: time?.toISOString(),
    cdcStartPosition: props.cdcStartPosition,
    cdcStopPosition: props.cdcStopPosition,
  };
}
