import { DmsAssessmentAttributes as Attr, LifecycleEvent } from '../../../contract';
import type { Operation } from '../../engine/operation';
import { onCreateOrUpdate, onDelete } from './lifecycle';
import { type Params, parse } from './properties';
import { TASK_STATUS_PREFIX } from './states';

/**
 * The DMS premigration assessment gate: starts a run for the task on Create/Update, fails the
 * deployment when it does not pass (unless told otherwise), and cancels a run still going on Delete.
 */
export const dmsAssessmentRun: Operation<Params> = {
  targetKind: 'DMS premigration assessment of replication task',
  goal: 'finished',
  attributes: Object.values(Attr),
  // A run still going holds the task in "testing": it is cancelled on every Delete, rollback
  // included, whatever runOn says (runOn decides when runs are started).
  cleansUpOnEveryDelete: true,

  parse,
  targetId: (params) => params.taskArn,
  arnTarget: (params) => ({ prop: 'replicationTaskArn', arn: params.taskArn }),

  async step(params, context) {
    const gate = { params, context, dms: await context.clients.dms(context.target) };
    return context.requestType === LifecycleEvent.DELETE ? onDelete(gate) : onCreateOrUpdate(gate);
  },

  timeoutAdvice: (params, status, raise) => {
    if (status?.startsWith(TASK_STATUS_PREFIX)) {
      return (
        `No assessment run was started: DMS assesses a task only when it is ready, stopped or failed, and this one stayed ` +
        `"${status.slice(TASK_STATUS_PREFIX.length)}". Stop the task first (for example with DmsStopReplicationTask and runOn [CREATE], ` +
        `ordered before this construct) or wait until it settles, then retry the stack operation. ${raise}`
      );
    }
    if (status === 'cancelling') {
      return 'The cancel request stays in effect and DMS will finish it; check the run on the task\'s premigration assessments tab, then retry the stack operation.';
    }
    return (
      `The assessment run "${params.runName}-…" keeps running in DMS (it was not cancelled) and the task stays "testing" until it ends; ` +
      `check its progress on the task's premigration assessments tab, then retry the stack operation. ${raise}`
    );
  },
  notFoundAdvice: () =>
    'Check "replicationTaskArn": the task must exist (in the region and account of its ARN) when this resource is created or updated.',
};
