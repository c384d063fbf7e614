import { DmsAssessmentProps as Props, LifecycleEvent, ResourceTypes } from '../../contract';
import type { Rig } from '../support/rig';
import { commonProps } from '../support/rig';
import { stackIn, startTeardownRig, target, TEARDOWN_TARGETS } from './teardown-targets';

// When the stack status cannot be read, each operation takes the side its policy calls safe, and says so.
let rig: Rig;
beforeAll(async () => {
  rig = await startTeardownRig();
});
afterAll(() => rig.stop());
afterEach(() => rig.emulator.faults.clear());

// Both DMS stops act when unsure: a stopped task or serverless replication resumes from its checkpoint.
const ACTS_WHEN_UNSURE = ['DmsStopReplicationTask', 'DmsStopReplication'];
const FAILS_SAFE = TEARDOWN_TARGETS.filter((t) => !ACTS_WHEN_UNSURE.includes(t.name)).map((t) => [t.name, t] as const);

describe.each(FAILS_SAFE)('%s, whose teardown cannot be undone', (_name, t) => {
  test('GIVEN DescribeStacks is denied WHEN the resource is deleted THEN the Delete fails naming the stack, the error and the next step, and the target is untouched', async () => {
    const id = t.seed(rig);
    const stackId = stackIn(rig, 'DELETE_IN_PROGRESS');
    rig.emulator.faults.inject({ kind: 'access-denied', service: 'cloudformation', operation: 'DescribeStacks' });
    const outcome = await rig.send(t.deleteEvent(rig, id, stackId));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('Did not touch');
    expect(outcome.reason).toContain(`the status of stack ${stackId} could not be read`);
    expect(outcome.reason).toMatch(/AccessDenied/);
    expect(outcome.reason).toContain('"cloudformation:DescribeStacks"');
    expect(outcome.reason).toContain('continue the rollback (or delete the stack) skipping this resource');
    expect(outcome.reason!.length).toBeLessThan(4096);
    expect(t.changes(rig, id)).toBe(0);
  });
});

describe('the DRS teardown when unsure', () => {
  const drs = target('DrsStopReplication');

  test('GIVEN CloudFormation throttles past the SDK\'s retries WHEN the resource is deleted THEN the Delete fails and replication keeps running', async () => {
    const id = drs.seed(rig);
    rig.emulator.faults.inject({ kind: 'throttle', count: 20, service: 'cloudformation', operation: 'DescribeStacks' });
    const outcome = await rig.send(drs.deleteEvent(rig, id, stackIn(rig, 'DELETE_IN_PROGRESS')));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/could not be read \(.*Throttling/);
    expect(outcome.reason).toContain('deletes the source server\'s snapshots');
    expect(drs.changes(rig, id)).toBe(0);
  });

  test('GIVEN a stack CloudFormation does not know WHEN the resource is deleted THEN the Delete fails and replication keeps running', async () => {
    const id = drs.seed(rig);
    const unknown = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Gone/00000000-0000-0000-0000-000000000000';
    const outcome = await rig.send(drs.deleteEvent(rig, id, unknown));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('does not exist');
    expect(drs.changes(rig, id)).toBe(0);
  });

  test('GIVEN a status that is neither teardown nor rollback WHEN the resource is deleted THEN the Delete fails naming the status', async () => {
    const id = drs.seed(rig);
    const outcome = await rig.send(drs.deleteEvent(rig, id, stackIn(rig, 'UPDATE_IN_PROGRESS')));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/stack "app-\d+" is UPDATE_IN_PROGRESS, which is neither a teardown nor a rollback/);
    expect(drs.changes(rig, id)).toBe(0);
  });
});

describe.each([
  ['DmsStopReplicationTask', 'stopped'],
  ['DmsStopReplication', 'stopped'],
])('the %s teardown when unsure', (name, stoppedStatus) => {
  test('GIVEN DescribeStacks is denied WHEN the resource is deleted THEN the target is stopped (a stop can be resumed) and the note says so', async () => {
    const dms = target(name);
    const id = dms.seed(rig);
    rig.emulator.faults.inject({ kind: 'access-denied', service: 'cloudformation', operation: 'DescribeStacks' });
    const outcome = await rig.send(dms.deleteEvent(rig, id, stackIn(rig, 'DELETE_IN_PROGRESS')));
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: stoppedStatus });
    expect(outcome.data.Note).toMatch(/^Acted as a teardown although it could not tell one from a rollback, because the status of stack .* could not be read/);
    expect(outcome.data.Note).toMatch(/resumed from its (recovery )?checkpoint/);
  });
});

describe('a resource\'s own work is not teardown', () => {
  test('GIVEN an assessment run still going WHEN the rollback of a failed first deployment deletes the gate THEN the run is cancelled', async () => {
    // GIVEN a gate whose Create started a run and did not wait, in a stack that then rolls back
    const task = rig.emulator.dms.seedTask({ identifier: 'assessed-then-rolled-back', status: 'stopped' });
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 5000 });
    const properties = {
      [Props.REPLICATION_TASK_ARN]: task,
      [Props.SERVICE_ACCESS_ROLE_ARN]: 'arn:aws:iam::123456789012:role/dms-assessment',
      [Props.RESULT_LOCATION_BUCKET]: 'assessments',
      [Props.ASSESSMENT_RUN_NAME]: 'pre-cutover',
      ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE], waitForCompletion: false }),
    };
    const stackId = stackIn(rig, 'ROLLBACK_IN_PROGRESS');
    const base = { ResourceType: ResourceTypes.DMS_ASSESSMENT_RUN, LogicalResourceId: 'Gate', StackId: stackId, ResourceProperties: properties };
    const created = await rig.send({ ...base, RequestType: 'Create' });
    // WHEN the rollback deletes it
    const outcome = await rig.send({ ...base, RequestType: 'Delete', PhysicalResourceId: created.physicalResourceId });
    // THEN the run was cancelled, without asking CloudFormation
    expect(outcome.status).toBe('SUCCESS');
    expect(rig.emulator.callLog({ service: 'dms', operation: 'CancelReplicationTaskAssessmentRun' }).filter((c) => JSON.stringify(c.params).includes(created.physicalResourceId))).toHaveLength(1);
    expect(rig.emulator.callLog({ service: 'cloudformation' }).filter((c) => JSON.stringify(c.params).includes(stackId))).toHaveLength(0);
  });
});
