import { CommonProps, parseUndoRecord } from '../../contract';
import type { Rig } from '../support/rig';
import { request, stackIn, startUndoRig, stepProperties, UNDO_TARGETS, undoTarget } from './undo-targets';

// Each step with undoOnRollback acts in a deployment whose stack status the emulator's
// CloudFormation answers; its rollback (Delete or Update, in the statuses CloudFormation uses)
// reaches the handler over real HTTP, which reads the status and the record in the physical id.
let rig: Rig;
beforeAll(async () => {
  rig = await startUndoRig();
});
afterAll(() => rig.stop());

const RECORD = /\|undo:(resume|stop):[0-9a-f]{12}$/;
const describeStacks = (stackId: string) =>
  rig.emulator.callLog({ service: 'cloudformation', operation: 'DescribeStacks' }).filter((c) => JSON.stringify(c.params).includes(stackId)).length;

describe.each(UNDO_TARGETS.map((t) => [t.name, t] as const))('%s with undoOnRollback', (_name, t) => {
  test('GIVEN a first deployment in which the step changed the target and a later step failed WHEN the rollback deletes the step (ROLLBACK_IN_PROGRESS) THEN the target is back as it was, and the note says so', async () => {
    // GIVEN the step acted in the deployment: its physical id records it
    const id = t.seed(rig);
    const props = stepProperties(t, id);
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
    expect(created.data.Outcome).toBe('DONE');
    expect(t.state(rig, id)).toBe(t.goal);
    expect(created.physicalResourceId).toMatch(RECORD);
    expect(parseUndoRecord(created.physicalResourceId)).toMatchObject({ targetId: id, action: t.action });
    // WHEN the deployment rolls back
    const outcome = await rig.send(request(t, 'Delete', stackIn(rig, 'ROLLBACK_IN_PROGRESS'), props, { physicalId: created.physicalResourceId }));
    // THEN the inverse ran once and was waited for: the target is back in its state before the deployment
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.physicalResourceId).toBe(created.physicalResourceId);
    expect(outcome.data).toMatchObject({ Outcome: 'UNDONE', Status: t.before });
    expect(t.inverse(rig, id)).toBe(1);
    expect(t.state(rig, id)).toBe(t.before);
    expect(outcome.data.Note).toMatch(/^Rollback \(stack "app-\d+" is ROLLBACK_IN_PROGRESS\): /);
    expect(outcome.data.Note).toContain(id);
    expect(outcome.data.Note).toContain(`which this step had ${t.action === 'resume' ? 'stopped' : 'started'} in the deployment being rolled back`);
  });

  test('GIVEN a target the step found already where it was asked to be WHEN the rollback deletes the step THEN nothing is undone, and the note says why', async () => {
    const id = t.seedAtGoal(rig);
    const props = stepProperties(t, id);
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
    expect(created.data.Outcome).toBe('NOTHING_TO_DO');
    // No record: the physical id is the target's
    expect(created.physicalResourceId).toBe(id);
    const outcome = await rig.send(request(t, 'Delete', stackIn(rig, 'ROLLBACK_IN_PROGRESS'), props, { physicalId: id }));
    expect(outcome.data.Outcome).toBe('SKIPPED');
    expect(outcome.data.Note).toMatch(/nothing to undo\. This step did not change .* in the deployment being rolled back/);
    expect(t.inverse(rig, id)).toBe(0);
    expect(t.state(rig, id)).toBe(t.goal);
  });

  test('GIVEN a failed update in which the step changed the target WHEN CloudFormation sends the rollback Update (UPDATE_ROLLBACK_IN_PROGRESS, old properties) THEN it is undone and the physical id it received is kept', async () => {
    // GIVEN an earlier deployment that found the target at rest (a plain physical id), and an update that acted
    const id = t.seed(rig);
    const before = stepProperties(t, id);
    const failed = stepProperties(t, id, { timeoutSeconds: 25 });
    const updated = await rig.send(request(t, 'Update', stackIn(rig, 'UPDATE_IN_PROGRESS'), failed, { physicalId: id, old: before }));
    expect(updated.data.Outcome).toBe('DONE');
    // A new physical id (a replacement): CloudFormation keeps the record for the rollback
    expect(updated.physicalResourceId).toMatch(RECORD);
    // WHEN the rollback Update swaps the properties
    const outcome = await rig.send(request(t, 'Update', stackIn(rig, 'UPDATE_ROLLBACK_IN_PROGRESS'), before, { physicalId: updated.physicalResourceId, old: failed }));
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data.Outcome).toBe('UNDONE');
    expect(outcome.physicalResourceId).toBe(updated.physicalResourceId);
    expect(t.state(rig, id)).toBe(t.before);
    expect(t.inverse(rig, id)).toBe(1);
  });

  test('GIVEN a failed update in which the step changed the target WHEN CloudFormation instead deletes the new physical id in UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS THEN it is undone', async () => {
    const id = t.seed(rig);
    const before = stepProperties(t, id);
    const failed = stepProperties(t, id, { timeoutSeconds: 25 });
    const updated = await rig.send(request(t, 'Update', stackIn(rig, 'UPDATE_IN_PROGRESS'), failed, { physicalId: id, old: before }));
    const outcome = await rig.send(request(t, 'Delete', stackIn(rig, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'), failed, { physicalId: updated.physicalResourceId }));
    expect(outcome.data.Outcome).toBe('UNDONE');
    expect(outcome.data.Note).toMatch(/^Rollback \(stack "app-\d+" is UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS\)/);
    expect(t.state(rig, id)).toBe(t.before);
  });
});

describe('what is never undone', () => {
  const t = undoTarget('DmsStopReplicationTask');

  test('GIVEN undoOnRollback off (the default) WHEN a rollback deletes a cutover stop THEN the task stays stopped, as before: no record, no stack-status read', async () => {
    const id = t.seed(rig);
    const props = stepProperties(t, id, { undo: false });
    expect(props[CommonProps.UNDO_ON_ROLLBACK]).toBeUndefined();
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
    expect(created.physicalResourceId).toBe(id);
    const stackId = stackIn(rig, 'ROLLBACK_IN_PROGRESS');
    const outcome = await rig.send(request(t, 'Delete', stackId, props, { physicalId: id }));
    expect(outcome.data).toMatchObject({ Outcome: 'SKIPPED', Note: '' });
    expect(t.state(rig, id)).toBe('stopped');
    expect(t.inverse(rig, id)).toBe(0);
    expect(describeStacks(stackId)).toBe(0);
  });

  test('GIVEN a record from an earlier, successful deployment WHEN the step\'s own Update fails and rolls back THEN nothing is undone (the fingerprint does not match)', async () => {
    // GIVEN the first deployment stopped the task (record of its properties)
    const id = t.seed(rig);
    const first = stepProperties(t, id);
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), first));
    expect(created.physicalResourceId).toMatch(RECORD);
    // WHEN an update of the step itself failed (it returned no new id) and CloudFormation rolls it back
    const failed = stepProperties(t, id, { timeoutSeconds: 25 });
    const outcome = await rig.send(request(t, 'Update', stackIn(rig, 'UPDATE_ROLLBACK_IN_PROGRESS'), first, { physicalId: created.physicalResourceId, old: failed }));
    // THEN the task stays stopped: that stop belongs to the deployment that succeeded
    expect(outcome.data.Outcome).toBe('SKIPPED');
    expect(outcome.data.Note).toMatch(/belongs to an earlier, successful deployment/);
    expect(outcome.physicalResourceId).toBe(created.physicalResourceId);
    expect(t.state(rig, id)).toBe('stopped');
    expect(t.inverse(rig, id)).toBe(0);
  });

  test.each(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS'])(
    'GIVEN a step that stopped the task WHEN it is deleted in %s (not a rollback) THEN the task stays stopped',
    async (status) => {
      const id = t.seed(rig);
      const props = stepProperties(t, id);
      const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
      const outcome = await rig.send(request(t, 'Delete', stackIn(rig, status), props, { physicalId: created.physicalResourceId }));
      expect(outcome.status).toBe('SUCCESS');
      expect(outcome.data.Outcome).toBe('SKIPPED');
      expect(t.state(rig, id)).toBe('stopped');
      expect(t.inverse(rig, id)).toBe(0);
    },
  );
});

describe('an undo that cannot be done fails with a reason', () => {
  test.each(UNDO_TARGETS.map((t) => [t.name, t] as const))('GIVEN %s\'s target deleted outside the stack WHEN the rollback would undo THEN it fails, naming the target and what to do', async (_name, t) => {
    const id = t.seed(rig);
    const props = stepProperties(t, id);
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
    t.remove(rig, id);
    const outcome = await rig.send(request(t, 'Delete', stackIn(rig, 'ROLLBACK_IN_PROGRESS'), props, { physicalId: created.physicalResourceId }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(new RegExp(`^Rollback \\(stack "app-\\d+" is ROLLBACK_IN_PROGRESS\\) could not (resume|stop again) .*${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* was not found in region us-east-1`));
    expect(outcome.reason).toMatch(/continue the rollback skipping this resource/);
    expect(outcome.reason!.length).toBeLessThan(4096);
  });

  test('GIVEN a task that will not start again (it is being modified) WHEN the rollback resumes it THEN the undo waits within the timeout, then fails naming its state', async () => {
    const t = undoTarget('DmsStopReplicationTask');
    const id = t.seed(rig);
    const props = stepProperties(t, id, { timeoutSeconds: 1 });
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
    rig.emulator.dms.setStatus(id, 'modifying');
    const outcome = await rig.send(request(t, 'Delete', stackIn(rig, 'ROLLBACK_IN_PROGRESS'), props, { physicalId: created.physicalResourceId }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.polls).toBeGreaterThan(2);
    expect(outcome.reason).toMatch(/^Rollback \(stack "app-\d+" is ROLLBACK_IN_PROGRESS\) could not resume DMS replication task .*: Timed out after .* waiting for DMS replication task .* to be running: it is still "modifying"/);
    // The undo waits inside the rolled-back step's Delete: its advice names a Delete's hour, not the inverse start's 12 hours.
    expect(outcome.reason).toContain('raise "timeout" (1 hour is the most a Delete waits');
    expect(outcome.reason).not.toContain('12 hours');
    expect(t.inverse(rig, id)).toBe(0);
  });

  test('GIVEN a resume that DMS would refuse (StartReplicationTask denied) WHEN the rollback resumes THEN it fails with the permission to add', async () => {
    const t = undoTarget('DmsStopReplicationTask');
    const id = t.seed(rig);
    const props = stepProperties(t, id);
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
    rig.emulator.faults.inject({ kind: 'access-denied', operation: 'StartReplicationTask', count: 1 });
    try {
      const outcome = await rig.send(request(t, 'Delete', stackIn(rig, 'ROLLBACK_IN_PROGRESS'), props, { physicalId: created.physicalResourceId }));
      expect(outcome.status).toBe('FAILED');
      expect(outcome.reason).toMatch(/^Rollback .* could not resume DMS replication task .*Access denied calling dms:StartReplicationTask.*needs permission "dms:StartReplicationTask"/);
      expect(t.state(rig, id)).toBe('stopped');
    } finally {
      rig.emulator.faults.clear();
    }
  });
});

describe('a checkpoint to resume from', () => {
  test.each(['DmsStopReplicationTask', 'DmsStopReplication'])('GIVEN %s stopped in the failed deployment WHEN the rollback resumes THEN the note names the recovery checkpoint it resumed from', async (name) => {
    const t = undoTarget(name);
    const id = t.seed(rig);
    const props = stepProperties(t, id);
    const created = await rig.send(request(t, 'Create', stackIn(rig, 'CREATE_IN_PROGRESS'), props));
    const outcome = await rig.send(request(t, 'Delete', stackIn(rig, 'ROLLBACK_IN_PROGRESS'), props, { physicalId: created.physicalResourceId }));
    expect(outcome.data.Note).toMatch(/: resumed DMS .* from checkpoint checkpoint:V1#\S+, which this step had stopped/);
    const resumes = rig.emulator.callLog({ service: 'dms' }).filter((c) => c.status === 200 && /Start/.test(c.operation) && JSON.stringify(c.params).includes(id));
    expect(resumes.map((c) => c.params.StartReplicationTaskType ?? c.params.StartReplicationType)).toEqual(['resume-processing']);
  });
});
