import { CommonProps, DmsAssessmentProps, LifecycleEvent, ResourceTypes } from '../../../contract';
import { DEFAULT_APPLICABLE_ASSESSMENTS, IndividualAssessmentResult } from '../../services/dms-assessment-runs';
import { token } from '../physical-ids';
import { DMS_TASK_STATE_KEYS, dmsTask } from './dms-task';
import type { Seeder } from './types';

/** Whether the gate runs when the stack is created (its default runOn is Create and Update). */
function runsOnCreate(properties: Record<string, unknown>): boolean {
  const runOn = properties[CommonProps.RUN_ON];
  if (runOn === undefined) return true;
  try {
    const events = typeof runOn === 'string' ? JSON.parse(runOn) : runOn;
    return Array.isArray(events) && events.includes(LifecycleEvent.CREATE);
  } catch {
    return true;
  }
}

// A premigration assessment of a MySQL source takes minutes: DMS provisions, then runs each check.
const DEFAULT_SECONDS = { starting: 60, provisioning: 120, running: 240, cancelling: 60 };
const RESULTS = new Set<string>(['passed', 'warning', 'failed', 'error']);

/**
 * DmsAssessmentRun: the task it assesses (shared with any stop of the same task), whose runs take
 * minutes and pass unless --state says otherwise.
 */
export const dmsAssessmentRunSeeder: Seeder = {
  resourceType: ResourceTypes.DMS_ASSESSMENT_RUN,
  // Its task is seeded as not started yet, so it goes before a stop of the same task.
  seedsFirst: true,
  stateKeys: {
    ...DMS_TASK_STATE_KEYS,
    result: 'what the run\'s checks come to: passed (default), warning, failed or error',
    startingSeconds: `time a run spends starting (default ${DEFAULT_SECONDS.starting})`,
    provisioningSeconds: `time a run spends provisioning (default ${DEFAULT_SECONDS.provisioning})`,
    runningSeconds: `time a run's checks take (default ${DEFAULT_SECONDS.running})`,
    cancellingSeconds: `time a cancel takes (default ${DEFAULT_SECONDS.cancelling})`,
  },
  seed(context) {
    const task = dmsTask(context, DmsAssessmentProps.REPLICATION_TASK_ARN, { assessedAtDeploy: runsOnCreate(context.properties) });
    const taskArn = String(context.properties[DmsAssessmentProps.REPLICATION_TASK_ARN]);
    const { emulator, state } = context;
    const result = state.string('result') ?? 'passed';
    if (!RESULTS.has(result)) throw new Error(`--state of ${context.resourceName}: "result" must be one of ${[...RESULTS].join(', ')}`);
    const includeOnly = context.properties[DmsAssessmentProps.INCLUDE_ONLY];
    const checked = Array.isArray(includeOnly) && includeOnly.length > 0 ? String(includeOnly[0]) : DEFAULT_APPLICABLE_ASSESSMENTS[0];
    if (task.status() !== 'absent') {
      emulator.dmsAssessments.planRuns(taskArn, {
        startingMs: state.seconds('startingSeconds') ?? DEFAULT_SECONDS.starting * 1000,
        provisioningMs: state.seconds('provisioningSeconds') ?? DEFAULT_SECONDS.provisioning * 1000,
        runningMs: state.seconds('runningSeconds') ?? DEFAULT_SECONDS.running * 1000,
        cancellingMs: state.seconds('cancellingSeconds') ?? DEFAULT_SECONDS.cancelling * 1000,
        results: result === 'passed' ? {} : { [checked]: result as IndividualAssessmentResult },
      });
    }
    const runs = () => emulator.dmsAssessments.runsOf(taskArn);
    return {
      description: `assessment of ${task.description}`,
      // Run ARNs exist only once a run started: the calls about a run name it, not its task.
      get ids() {
        return [taskArn, ...runs().map((r) => String(r.ReplicationTaskAssessmentRunArn))];
      },
      status: () => {
        const latest = runs().pop();
        return latest ? `run ${String(latest.Status)}` : `task ${task.status()}`;
      },
      goLive: () => task.goLive(),
    };
  },
  changeTarget: (properties) => ({
    ...properties,
    [DmsAssessmentProps.REPLICATION_TASK_ARN]: String(properties[DmsAssessmentProps.REPLICATION_TASK_ARN]).replace(
      /:task:([^:]+)$/,
      (_m, id: string) => `:task:${token(id, 26)}`,
    ),
  }),
};
