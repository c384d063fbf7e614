/**
 * Which operations a rollback can reverse, and how (see undo.ts): a stop is reversed by a
 * resume-processing start, a start by a stop. An operation missing here has no inverse, and its
 * construct refuses undoOnRollback at synth.
 */
import { ResourceTypes } from './common';
import { DmsStartProps } from './dms-start';
import { DmsStartTaskProps } from './dms-start-replication-task';
import { DmsStartReplicationProps } from './dms-start-replication';
import { DmsReplicationStopAttributes, DmsReplicationStopProps } from './dms-stop-replication';
import { DmsStopAttributes, DmsStopProps } from './dms-stop-replication-task';
import { DrsStartProps } from './drs-start-replication';
import { DrsStopProps } from './drs-stop-replication';
import { carriedProperties, RESUMED_FROM_KEY, UndoRecipe } from './undo';

const resumedFrom = (data: Record<string, string>) => (data[RESUMED_FROM_KEY] ? ` from checkpoint ${data[RESUMED_FROM_KEY]}` : '');

const UNDO_RECIPES: Readonly<Record<string, UndoRecipe>> = {
  [ResourceTypes.DMS_STOP_REPLICATION_TASK]: {
    action: 'resume',
    inverseType: ResourceTypes.DMS_START_REPLICATION_TASK,
    inverseProperties: (acted) => ({
      ...carriedProperties(acted),
      [DmsStartTaskProps.REPLICATION_TASK_ARN]: acted[DmsStopProps.REPLICATION_TASK_ARN],
      [DmsStartProps.START_TYPE]: 'resume-processing',
    }),
    said: (target, data) => `resumed ${target}${resumedFrom(data)}`,
  },
  [ResourceTypes.DMS_STOP_REPLICATION]: {
    action: 'resume',
    inverseType: ResourceTypes.DMS_START_REPLICATION,
    inverseProperties: (acted) => ({
      ...carriedProperties(acted),
      [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: acted[DmsReplicationStopProps.REPLICATION_CONFIG_ARN],
      [DmsStartProps.START_TYPE]: 'resume-processing',
    }),
    said: (target, data) => `resumed ${target}${resumedFrom(data)}`,
  },
  [ResourceTypes.DRS_STOP_REPLICATION]: {
    action: 'resume',
    inverseType: ResourceTypes.DRS_START_REPLICATION,
    inverseProperties: (acted) => ({ ...carriedProperties(acted), [DrsStartProps.SOURCE_SERVER_ID]: acted[DrsStopProps.SOURCE_SERVER_ID] }),
    said: (target) => `started replication of ${target} again (a full re-sync; the snapshots the stop deleted do not come back)`,
  },
  [ResourceTypes.DMS_START_REPLICATION_TASK]: {
    action: 'stop',
    inverseType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    inverseProperties: (acted) => ({ ...carriedProperties(acted), [DmsStopProps.REPLICATION_TASK_ARN]: acted[DmsStartTaskProps.REPLICATION_TASK_ARN] }),
    said: (target, data) => `stopped ${target} again${data[DmsStopAttributes.STOP_REASON] ? ` (${data[DmsStopAttributes.STOP_REASON]})` : ''}`,
  },
  [ResourceTypes.DMS_START_REPLICATION]: {
    action: 'stop',
    inverseType: ResourceTypes.DMS_STOP_REPLICATION,
    inverseProperties: (acted) => ({
      ...carriedProperties(acted),
      [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: acted[DmsStartReplicationProps.REPLICATION_CONFIG_ARN],
    }),
    said: (target, data) =>
      `stopped ${target} again${data[DmsReplicationStopAttributes.RECOVERY_CHECKPOINT] ? ` at checkpoint ${data[DmsReplicationStopAttributes.RECOVERY_CHECKPOINT]}` : ''}`,
  },
  [ResourceTypes.DRS_START_REPLICATION]: {
    action: 'stop',
    inverseType: ResourceTypes.DRS_STOP_REPLICATION,
    inverseProperties: (acted) => ({ ...carriedProperties(acted), [DrsStopProps.SOURCE_SERVER_ID]: acted[DrsStartProps.SOURCE_SERVER_ID] }),
    said: (target) => `stopped replication of ${target} again (DRS deleted its snapshots, as "acknowledgeSnapshotDeletion" accepted)`,
  },
};

/**
 * The recipe of an operation, or undefined when it has no inverse.
 *
 * @internal
 */
export function undoRecipeFor(resourceType: string): UndoRecipe | undefined {
  return UNDO_RECIPES[resourceType];
}
