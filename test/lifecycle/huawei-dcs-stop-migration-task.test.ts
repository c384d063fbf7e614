import { HuaweiDcsStopProps, LifecycleEvent } from '../../contract';
import { rig, request, physicalId, dcsCalls, useDcsRig } from './huawei-dcs-stop-migration-task.fixture';

// Stopping a DCS migration task and a task that does not exist. Credentials, rotation, faults and leaks: huawei-dcs-credentials.test.ts.
useDcsRig();

describe('stopping a migration task', () => {
  test('on Delete of an incrementally migrating task, stops it and completes only once the task is TERMINATED', async () => {
    // GIVEN
    const taskId = rig.emulator.dcs.seedTask({ taskName: 'orders-cache-sync', status: 'INCRMIGEATING' });
    // WHEN
    const outcome = await rig.send(request(taskId, 'Delete'));
    // THEN
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: physicalId(taskId) });
    expect(outcome.data).toMatchObject({
      Outcome: 'DONE',
      Status: 'TERMINATED',
      TaskName: 'orders-cache-sync',
      MigrationType: 'online_migration',
      MigrationMethod: 'incremental_migration',
    });
    expect(outcome.polls).toBeGreaterThan(1);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('TERMINATED');
    expect(dcsCalls(taskId, 'StopMigrationTask')).toHaveLength(1);
  });

  test.each(['MIGRATING', 'FULLMIGRATING', 'INCRMIGRATING', 'RUNNING'])('a task in %s is stopped and waited for until TERMINATED', async (status) => {
    const taskId = rig.emulator.dcs.seedTask({ status, migrationMethod: 'full_amount_migration' });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED', MigrationMethod: 'full_amount_migration' });
    expect(dcsCalls(taskId, 'StopMigrationTask')).toHaveLength(1);
  });

  // The last three appear in the docs of Huawei-based clouds; Huawei's Terraform provider treats DELETED as settled too.
  test.each(['TERMINATED', 'SUCCESS', 'FAILED', 'MIGRATION_FAILED', 'RELEASED', 'MIGRATION_SUCCESS', 'ERROR', 'DELETED'])(
    'a task already %s needs nothing: success on the first call without a stop',
    async (status) => {
      const taskId = rig.emulator.dcs.seedTask({ status, taskName: 'settled' });
      const outcome = await rig.send(request(taskId, 'Delete'));
      expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: status, TaskName: 'settled' } });
      expect(dcsCalls(taskId, 'ShowMigrationTask')).toHaveLength(1);
      expect(dcsCalls(taskId, 'StopMigrationTask')).toHaveLength(0);
      expect(rig.emulator.dcs.task(taskId)?.status).toBe(status);
    },
  );

  test('a task that is already TERMINATING is waited for without a second stop', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'TERMINATING', then: [{ afterMs: 250, status: 'TERMINATED' }] });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    expect(outcome.polls).toBeGreaterThan(0);
    expect(dcsCalls(taskId, 'StopMigrationTask')).toHaveLength(0);
  });

  test('a task still being created is waited for, then stopped once it migrates', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'CREATING', then: [{ afterMs: 250, status: 'FULLMIGRATING' }] });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    expect(dcsCalls(taskId, 'StopMigrationTask').map((c) => c.status)).toEqual([200]);
  });

  test('an Update that only moves to another endpoint keeps the physical id, so it never causes a replacement Delete', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    const update = request(taskId, 'Update');
    const outcome = await rig.send({
      ...update,
      OldResourceProperties: { ...update.ResourceProperties, [HuaweiDcsStopProps.ENDPOINT]: 'https://dcs.cn-north-4.myhuaweicloud.com' },
    });
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: physicalId(taskId), data: { Outcome: 'SKIPPED' } });
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('INCRMIGEATING');
  });

  test('a task that finishes between the show and the stop is success: the refused stop is followed by a fresh look', async () => {
    // GIVEN a migrating task that succeeds by itself while the stop request is on its way
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING', then: [{ afterMs: 400, status: 'SUCCESS' }] });
    rig.emulator.faults.inject({ kind: 'slow', delayMs: 800, service: 'dcs', operation: 'StopMigrationTask' });
    // WHEN
    const outcome = await rig.send(request(taskId, 'Delete'));
    // THEN
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: 'SUCCESS' } });
    expect(dcsCalls(taskId, 'StopMigrationTask').map((c) => c.status)).toEqual([400]);
    expect(dcsCalls(taskId, 'ShowMigrationTask').length).toBe(2);
  });

  test('a stop refused while the task still migrates (a race) is tried again at the next poll, then the task is stopped', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    rig.emulator.faults.inject({ kind: 'invalid-state', service: 'dcs', operation: 'StopMigrationTask' });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    expect(dcsCalls(taskId, 'StopMigrationTask').map((c) => c.status)).toEqual([400, 200]);
  });

  test('a stop refused until the deadline fails quoting the refusal, its X-Request-Id and the state the task is in', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    rig.emulator.faults.inject({ kind: 'invalid-state', count: 1_000, service: 'dcs', operation: 'StopMigrationTask' });
    const outcome = await rig.send(request(taskId, 'Delete', { timeoutSeconds: 1 }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('it is still "MIGRATING"');
    expect(outcome.reason).toContain('StopMigrationTask was refused while the task is "MIGRATING": StopMigrationTask answered HTTP 400 DCS.4135');
    expect(outcome.reason).toMatch(/request id [0-9a-f]{32}/);
  });

  test('the same Delete delivered twice at once: one stop takes effect and both succeed', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    const [first, second] = await Promise.all([rig.send(request(taskId, 'Delete')), rig.send(request(taskId, 'Delete'))]);
    expect([first.status, second.status]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(dcsCalls(taskId, 'StopMigrationTask').filter((c) => c.status === 200)).toHaveLength(1);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('TERMINATED');
  });

  test('with waitForCompletion false, completes as soon as the stop is accepted (Outcome ISSUED, Status TERMINATING)', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING', taskName: 'fire-and-forget', stopDurationMs: 60_000 });
    const outcome = await rig.send(request(taskId, 'Delete', { waitForCompletion: false }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'ISSUED', Status: 'TERMINATING', TaskName: 'fire-and-forget' } });
    expect(dcsCalls(taskId, 'ShowMigrationTask')).toHaveLength(1);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('TERMINATING');
  });

  test('with runOn CREATE, a Create stops the task (a cutover step)', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'FULLMIGRATING' });
    const outcome = await rig.send(request(taskId, 'Create', { runOn: [LifecycleEvent.CREATE] }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: physicalId(taskId), data: { Outcome: 'DONE', Status: 'TERMINATED' } });
  });

  test('with the default runOn, a Create does nothing: no secret is read and DCS is not called', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    const secretReadsBefore = rig.emulator.callLog({ service: 'secretsmanager' }).length;
    const outcome = await rig.send(request(taskId, 'Create'));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: physicalId(taskId), data: { Outcome: 'SKIPPED' } });
    expect(dcsCalls(taskId)).toHaveLength(0);
    expect(rig.emulator.callLog({ service: 'secretsmanager' })).toHaveLength(secretReadsBefore);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('INCRMIGEATING');
  });

  test('a task that times out while TERMINATING fails with a reason naming the task, its state and the next step', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING', stopDurationMs: 600_000 });
    const outcome = await rig.send(request(taskId, 'Delete', { timeoutSeconds: 1 }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`Huawei DCS migration task ${physicalId(taskId)} to be TERMINATED: it is still "TERMINATING"`);
    expect(outcome.reason).toContain('The stop request stays in effect');
  });
});

describe('a task that does not exist (DCS.4133)', () => {
  test('on Delete is success with Outcome NOT_FOUND', async () => {
    const taskId = '00000000-0000-4000-8000-000000000404';
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: physicalId(taskId), data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
    expect(dcsCalls(taskId, 'ShowMigrationTask').map((c) => c.status)).toEqual([400]);
  });

  test('on Create with runOn CREATE is a failure naming the task and what to check', async () => {
    const taskId = '00000000-0000-4000-8000-000000000405';
    const outcome = await rig.send(request(taskId, 'Create', { runOn: [LifecycleEvent.CREATE] }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`Huawei DCS migration task ${physicalId(taskId)} was not found`);
    expect(outcome.reason).toContain('Check "projectId", "taskId"');
  });

  test('disappearing while being waited for fails an Update, saying it was deleted outside the stack', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING', stopDurationMs: 60_000 });
    const sent = rig.send(request(taskId, 'Update', { runOn: [LifecycleEvent.UPDATE] }));
    // Deleted from the console while the stop is in progress.
    setTimeout(() => rig.emulator.dcs.deleteTask(taskId), 300);
    const outcome = await sent;
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('disappeared while waiting for it to be TERMINATED');
  });
});
