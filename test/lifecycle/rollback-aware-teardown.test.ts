import type { Rig } from '../support/rig';
import { stackIn, startTeardownRig, target, TEARDOWN_TARGETS } from './teardown-targets';

// Each teardown operation, with a live target, is deleted from a stack whose status the emulator's
// CloudFormation answers: the handler reads it over real HTTP and decides.
let rig: Rig;
beforeAll(async () => {
  rig = await startTeardownRig();
});
afterAll(() => rig.stop());
afterEach(() => rig.emulator.faults.clear());

const describeStacksCalls = (stackId: string) =>
  rig.emulator.callLog({ service: 'cloudformation', operation: 'DescribeStacks' }).filter((c) => JSON.stringify(c.params).includes(stackId));

describe.each(TEARDOWN_TARGETS.map((t) => [t.name, t] as const))('%s', (_name, t) => {
  test('GIVEN a first deployment that failed WHEN its rollback deletes the resource THEN the target is left as it was, with a note saying why', async () => {
    // GIVEN a live target and a stack rolling back its first deployment
    const id = t.seed(rig);
    const stackId = stackIn(rig, 'ROLLBACK_IN_PROGRESS');
    // WHEN the rollback deletes the resource
    const outcome = await rig.send(t.deleteEvent(rig, id, stackId));
    // THEN nothing was stopped or cancelled, and the note names the stack, its status and the opt-in
    expect(outcome.status).toBe('SUCCESS');
    expect(t.changes(rig, id)).toBe(0);
    expect(outcome.data).toMatchObject({ Outcome: 'SKIPPED', Status: '' });
    expect(outcome.data.Note).toMatch(/undoes a failed deployment \(stack "app-\d+" is ROLLBACK_IN_PROGRESS\)/);
    expect(outcome.data.Note).toContain('"runOnRollback: true"');
  });

  test('GIVEN a nested stack whose root rolls back its first deployment WHEN the nested stack (DELETE_IN_PROGRESS) deletes the resource THEN the target is left as it was', async () => {
    // GIVEN the nested stack reads DELETE_IN_PROGRESS, its root ROLLBACK_IN_PROGRESS
    const id = t.seed(rig);
    const stackId = stackIn(rig, 'DELETE_IN_PROGRESS', { status: 'ROLLBACK_IN_PROGRESS' });
    // WHEN
    const outcome = await rig.send(t.deleteEvent(rig, id, stackId));
    // THEN the root decided
    expect(outcome.data.Outcome).toBe('SKIPPED');
    expect(t.changes(rig, id)).toBe(0);
    expect(outcome.data.Note).toMatch(/root stack "root-\d+" is ROLLBACK_IN_PROGRESS; its nested stack "nested-\d+" is DELETE_IN_PROGRESS/);
  });

  test.each(['DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'])(
    'GIVEN a stack in %s WHEN it deletes the resource THEN the target is torn down',
    async (status) => {
      const id = t.seed(rig);
      const outcome = await rig.send(t.deleteEvent(rig, id, stackIn(rig, status)));
      expect(outcome.status).toBe('SUCCESS');
      expect(outcome.data.Outcome).toBe('DONE');
      expect(outcome.data.Note).toBe('');
      expect(t.changes(rig, id)).toBeGreaterThanOrEqual(1);
    },
  );

  test('GIVEN "runOnRollback" WHEN a rollback deletes the resource THEN the target is torn down without asking CloudFormation', async () => {
    const id = t.seed(rig);
    const stackId = stackIn(rig, 'ROLLBACK_IN_PROGRESS');
    const outcome = await rig.send(t.deleteEvent(rig, id, stackId, { runOnRollback: true }));
    expect(outcome.data.Outcome).toBe('DONE');
    expect(t.changes(rig, id)).toBeGreaterThanOrEqual(1);
    expect(describeStacksCalls(stackId)).toHaveLength(0);
  });
});

describe('the rollback of a failed update', () => {
  test.each(['UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'])(
    'GIVEN a stack in %s WHEN it deletes a DRS teardown THEN replication keeps running',
    async (status) => {
      const drs = target('DrsStopReplication');
      const id = drs.seed(rig);
      const outcome = await rig.send(drs.deleteEvent(rig, id, stackIn(rig, status)));
      expect(outcome.data.Outcome).toBe('SKIPPED');
      expect(outcome.data.Note).toContain(status);
      expect(drs.changes(rig, id)).toBe(0);
      expect(rig.emulator.drs.sourceServer(id)?.dataReplicationState).toBe('CONTINUOUS');
    },
  );

  test('GIVEN a nested stack in a root stack being deleted WHEN it deletes the resource THEN the target is torn down', async () => {
    const drs = target('DrsStopReplication');
    const id = drs.seed(rig);
    const outcome = await rig.send(drs.deleteEvent(rig, id, stackIn(rig, 'DELETE_IN_PROGRESS', { status: 'DELETE_IN_PROGRESS' })));
    expect(outcome.data.Outcome).toBe('DONE');
    expect(rig.emulator.drs.sourceServer(id)?.dataReplicationState).toBe('STOPPED');
  });
});

describe('deciding once', () => {
  test('GIVEN a teardown that polls WHEN the stack status changes meanwhile THEN the polls never ask again and the teardown finishes', async () => {
    // GIVEN a DMS task that takes several polls to stop, in a stack being deleted
    const dms = target('DmsStopReplicationTask');
    const id = rig.emulator.dms.seedTask({ identifier: 'decided-once', stopDurationMs: 400 });
    const stackId = stackIn(rig, 'DELETE_IN_PROGRESS');
    // WHEN the stack reads a rollback status while the handler polls
    const sending = rig.send(dms.deleteEvent(rig, id, stackId));
    setTimeout(() => rig.emulator.cloudformation.setStackStatus(stackId, 'ROLLBACK_IN_PROGRESS'), 100);
    const outcome = await sending;
    // THEN the first call's decision held: one DescribeStacks, and the task was stopped
    expect(outcome.polls).toBeGreaterThan(1);
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(describeStacksCalls(stackId)).toHaveLength(1);
  });
});
