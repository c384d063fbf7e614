import { HuaweiDcsStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import type { CfnOutcome } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// Distinctive values, so a leak anywhere is unmistakable.
const AK = 'HWAKLIFECYCLE0000001';
const SK = 'hwSkLifecycleSecretValue0123456789abcdef';
const SECRET_NAME = 'cutover/huawei-dcs-aksk';
const PROJECT = '0123456789abcdef0123456789abcdef';
const REQUEST_ID = /X-Request-Id [0-9a-f]{32}/;

let rig: Rig;
let secretArn: string;

beforeAll(async () => {
  rig = await startRig({ emulator: { dcs: { stopDurationMs: 300, projectId: PROJECT } } });
  rig.emulator.dcs.addCredentials({ accessKeyId: AK, secretAccessKey: SK });
  secretArn = rig.emulator.secretsManager.createSecret({ name: SECRET_NAME, value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
});
afterAll(() => rig.stop());
afterEach(() => rig.emulator.faults.clear());

interface RequestOptions {
  readonly runOn?: LifecycleEvent[];
  readonly waitForCompletion?: boolean;
  readonly timeoutSeconds?: number;
  readonly secretArn?: string;
}

function request(taskId: string, type: 'Create' | 'Update' | 'Delete', options: RequestOptions = {}) {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
    LogicalResourceId: 'StopRedisSync',
    PhysicalResourceId: type === 'Create' ? undefined : physicalId(taskId),
    ResourceProperties: {
      [HuaweiDcsStopProps.PROJECT_ID]: PROJECT,
      [HuaweiDcsStopProps.TASK_ID]: taskId,
      [HuaweiDcsStopProps.ENDPOINT]: rig.emulator.dcsEndpoint,
      [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: options.secretArn ?? secretArn,
      ...commonProps(options),
    },
  };
}

function physicalId(taskId: string): string {
  return `${PROJECT}/migration-task/${taskId}`;
}

function dcsCalls(taskId: string, operation?: string) {
  return rig.emulator.callLog({ service: 'dcs', operation }).filter((c) => String(c.params.path).includes(taskId));
}

/** A secret whose SK the DCS gateway does not know for that AK. */
function secretWithWrongSk(name: string, wrongSk: string): string {
  return rig.emulator.secretsManager.createSecret({ name, value: JSON.stringify({ accessKeyId: AK, secretAccessKey: wrongSk }) });
}

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

describe('credentials and permissions', () => {
  test('a wrong SK fails cleanly on the first call: 401, the secret and the permissions to check, the X-Request-Id, no retries', async () => {
    // GIVEN a secret whose SK does not match the AK's
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    const wrongSecret = secretWithWrongSk('cutover/huawei-wrong-sk', 'wrongSkValue000000000000000000000000000');
    // WHEN
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: wrongSecret }));
    // THEN
    expect(outcome).toMatchObject({ status: 'FAILED', polls: 0 });
    expect(outcome.reason).toContain('HTTP 401 APIGW.0301: Incorrect IAM authentication information: verify aksk signature fail');
    expect(outcome.reason).toContain(
      `check the AK/SK secret ${wrongSecret.split(':secret:')[1]} and its permissions (dcs:migrationTask:modify, dcs:migrationTask:get)`,
    );
    expect(outcome.reason).toMatch(REQUEST_ID);
    expect(dcsCalls(taskId).map((c) => c.status)).toEqual([401]);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('INCRMIGEATING');
  });

  test('a handler clock more than 15 minutes off is rejected by the gateway (401 signature expired) and fails with the same advice', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    rig.emulator.dcs.serverTimeOffsetMs = 16 * 60_000;
    try {
      const outcome = await rig.send(request(taskId, 'Delete'));
      expect(outcome.status).toBe('FAILED');
      expect(outcome.reason).toContain('Incorrect IAM authentication information: signature expired');
      expect(outcome.reason).toContain(`check the AK/SK secret ${SECRET_NAME}-`);
      expect(rig.emulator.dcs.task(taskId)?.status).toBe('INCRMIGEATING');
    } finally {
      rig.emulator.dcs.serverTimeOffsetMs = 0;
    }
  });

  test('a handler clock 10 minutes off is still within the gateway window: the task is stopped', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    rig.emulator.dcs.serverTimeOffsetMs = -10 * 60_000;
    try {
      const outcome = await rig.send(request(taskId, 'Delete'));
      expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    } finally {
      rig.emulator.dcs.serverTimeOffsetMs = 0;
    }
  });

  test('an AK allowed to show but not to stop tasks fails with 403, the missing permission and the advice', async () => {
    const readOnlyAk = 'HWAKREADONLY00000001';
    rig.emulator.dcs.addCredentials({ accessKeyId: readOnlyAk, secretAccessKey: SK, allow: ['dcs:migrationTask:get'] });
    const readOnly = rig.emulator.secretsManager.createSecret({ name: 'cutover/huawei-read-only', value: JSON.stringify({ accessKeyId: readOnlyAk, secretAccessKey: SK }) });
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: readOnly }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain("StopMigrationTask answered HTTP 403 DCS.4900: Policy doesn't allow dcs:migrationTask:modify to be performed.");
    expect(outcome.reason).toContain('check the AK/SK secret cutover/huawei-read-only-');
    expect(outcome.reason).toMatch(REQUEST_ID);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('MIGRATING');
  });

  test('an injected access-denied fault is a 403 in the Huawei error shape and fails the same way', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    // A denial persists (the handler reads the secret again once, in case a cached key was rotated away).
    rig.emulator.faults.inject({ kind: 'access-denied', service: 'dcs', operation: 'ShowMigrationTask', count: 2 });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain("ShowMigrationTask answered HTTP 403 DCS.4900: Policy doesn't allow dcs:migrationTask:get to be performed.");
    expect(outcome.reason).toContain('and its permissions (dcs:migrationTask:modify, dcs:migrationTask:get)');
  });

  test('a secret that does not exist fails naming the secret', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    const missing = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cutover/no-such-secret-AbCdEf';
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: missing }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('The AK/SK secret cutover/no-such-secret-AbCdEf was not found');
    expect(dcsCalls(taskId)).toHaveLength(0);
  });

  test('a secret scheduled for deletion fails saying so and how to restore it', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    const doomed = rig.emulator.secretsManager.createSecret({ name: 'cutover/doomed', value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
    rig.emulator.secretsManager.deleteSecret(doomed);
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: doomed }));
    expect(outcome.reason).toContain('is scheduled for deletion. Restore it');
  });

  test.each([
    ['not JSON', 'not-json', 'its value is not JSON'],
    ['without secretAccessKey', JSON.stringify({ accessKeyId: AK }), '"secretAccessKey" is missing or empty'],
    ['with empty keys', JSON.stringify({ accessKeyId: '', secretAccessKey: ' ' }), '"accessKeyId" and "secretAccessKey" are missing or empty'],
  ])('a secret %s fails describing the expected shape', async (label, value, expected) => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    const arn = rig.emulator.secretsManager.createSecret({ name: `cutover/bad-shape-${label.replace(/\W+/g, '-')}`, value });
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: arn }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('must hold a JSON string {"accessKeyId": "...", "secretAccessKey": "..."}');
    expect(outcome.reason).toContain(expected);
  });

  test('a partial secret ARN (as Secret.fromSecretNameV2 gives) is resolved by Secrets Manager and works', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: rig.emulator.secretsManager.partialArn(secretArn) }));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
  });

  test('Secrets Manager denying GetSecretValue fails naming the IAM action', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    // A secret this handler has not read yet (a read one is kept for the life of the environment).
    const unread = rig.emulator.secretsManager.createSecret({ name: 'cutover/unread-aksk', value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
    rig.emulator.faults.inject({ kind: 'access-denied', service: 'secretsmanager', operation: 'GetSecretValue' });
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: unread }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('Access denied calling secretsmanager:GetSecretValue');
  });

  test('Secrets Manager throttling is retried and the task is stopped', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    rig.emulator.faults.inject({ kind: 'throttle', service: 'secretsmanager', count: 1 });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
  });
});

describe('a rotated key', () => {
  test('a cached key that Huawei now rejects is read again from the secret once, and the new key stops the task', async () => {
    // GIVEN the handler has used the secret's key (it is cached), then the secret is rotated and the old key revoked
    const name = 'cutover/rotated-aksk';
    const rotated = rig.emulator.secretsManager.createSecret({ name, value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
    await rig.send(request(rig.emulator.dcs.seedTask({ status: 'SUCCESS' }), 'Delete', { secretArn: rotated }));
    const newKeys = { accessKeyId: 'HWAKROTATED000000001', secretAccessKey: 'hwSkRotatedSecretValue0123456789abcdef0' };
    rig.emulator.dcs.addCredentials(newKeys);
    rig.emulator.secretsManager.putSecretValue(rotated, JSON.stringify(newKeys));
    rig.emulator.faults.inject({ kind: 'access-denied', service: 'dcs', operation: 'ShowMigrationTask', count: 1 });
    // WHEN a teardown runs
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    const outcome = await rig.send(request(taskId, 'Delete', { secretArn: rotated }));
    // THEN the secret was read again and the task stopped
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    expect(rig.emulator.callLog({ service: 'secretsmanager' }).filter((c) => JSON.stringify(c.params).includes(name))).toHaveLength(2);
  });

  test('while waiting, each poll makes one DCS call: the key is not read again from Secrets Manager', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'MIGRATING' });
    const before = rig.emulator.callLog({ service: 'secretsmanager' }).length;
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    expect(rig.emulator.callLog({ service: 'secretsmanager' }).length).toBe(before);
    expect(dcsCalls(taskId, 'ShowMigrationTask')).toHaveLength(1 + outcome.polls);
  });
});

describe('faults of the DCS endpoint', () => {
  test.each([
    ['HTTP 500', 'server-error'],
    ['HTTP 503', 'unavailable'],
    ['HTTP 429 throttling', 'throttle'],
    ['a dropped connection', 'drop'],
  ] as const)('%s twice in a row is retried with backoff inside one invocation, then the task is stopped', async (_label, kind) => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    rig.emulator.faults.inject({ kind, count: 2, service: 'dcs', operation: 'ShowMigrationTask' });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    const shows = dcsCalls(taskId, 'ShowMigrationTask');
    expect(shows.slice(0, 3).map((c) => c.fault ?? c.status)).toEqual([kind, kind, 200]);
  });

  test('a fault that outlasts the retries of one invocation is carried to the next poll, then the task is stopped', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    rig.emulator.faults.inject({ kind: 'unavailable', count: 3, service: 'dcs', operation: 'StopMigrationTask' });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    expect(outcome.polls).toBeGreaterThan(1);
    expect(dcsCalls(taskId, 'StopMigrationTask').map((c) => c.status)).toEqual([503, 503, 503, 200]);
  });

  test('a 5xx that never ends fails at the deadline with the last error and its X-Request-Id', async () => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    rig.emulator.faults.inject({ kind: 'server-error', count: 10_000, service: 'dcs' });
    // Long enough for a poll's own three attempts with backoff to finish before the deadline.
    const outcome = await rig.send(request(taskId, 'Delete', { timeoutSeconds: 3 }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('Timed out');
    expect(outcome.reason).toContain('ShowMigrationTask answered HTTP 500 DCS.5000: Internal service error. (after 3 attempts)');
    expect(outcome.reason).toMatch(/request id [0-9a-f]{32}/);
    expect(rig.emulator.dcs.task(taskId)?.status).toBe('INCRMIGEATING');
  });

  test.each(['malformed', 'empty'] as const)('a %s response body is looked at again at the next poll, then the task is stopped', async (kind) => {
    const taskId = rig.emulator.dcs.seedTask({ status: 'INCRMIGEATING' });
    // Only this task's reads: the previous test's abandoned call may still be retrying against DCS.
    rig.emulator.faults.inject({ kind, service: 'dcs', operation: 'ShowMigrationTask', target: taskId });
    const outcome = await rig.send(request(taskId, 'Delete'));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'TERMINATED' });
    expect(dcsCalls(taskId, 'ShowMigrationTask')[0].fault).toBe(kind);
  });
});

describe('secrets never leave the handler', () => {
  test('known Redis passwords and AK/SK values appear in no log line, attribute or failure reason, on success and failure paths', async () => {
    // GIVEN tasks whose bodies carry known Redis passwords, and known keys (right, wrong and unknown)
    const sourcePassword = 'SrcRedisPassw0rd-7f3a9c';
    const targetPassword = 'TgtRedisPassw0rd-41be07';
    const wrongSk = 'WrongSkNeverLogged00000000000000000000000';
    const unknownAk = 'HWAKUNKNOWN000000042';
    const unknownSk = 'UnknownSkNeverLogged0000000000000000000000';
    const secrets = [AK, SK, sourcePassword, targetPassword, wrongSk, unknownAk, unknownSk];
    const seed = (status = 'INCRMIGEATING') => rig.emulator.dcs.seedTask({ status, sourcePassword, targetPassword });
    const wrongSecret = secretWithWrongSk('cutover/leak-check-wrong-sk', wrongSk);
    const unknownSecret = rig.emulator.secretsManager.createSecret({
      name: 'cutover/leak-check-unknown-ak',
      value: JSON.stringify({ accessKeyId: unknownAk, secretAccessKey: unknownSk }),
    });
    rig.lambda.clearOutput();

    // WHEN the handler runs every path that touches a task body or a key
    const outcomes: CfnOutcome[] = [];
    outcomes.push(await rig.send(request(seed(), 'Delete')));
    outcomes.push(await rig.send(request(seed(), 'Delete', { waitForCompletion: false })));
    outcomes.push(await rig.send(request(seed('SUCCESS'), 'Delete')));
    rig.emulator.faults.inject({ kind: 'malformed', service: 'dcs', operation: 'ShowMigrationTask' });
    outcomes.push(await rig.send(request(seed(), 'Delete')));
    rig.emulator.faults.inject({ kind: 'malformed', count: 1_000, service: 'dcs', operation: 'ShowMigrationTask' });
    outcomes.push(await rig.send(request(seed(), 'Delete', { timeoutSeconds: 1 })));
    rig.emulator.faults.clear();
    outcomes.push(await rig.send(request(seed(), 'Delete', { secretArn: wrongSecret })));
    outcomes.push(await rig.send(request(seed(), 'Delete', { secretArn: unknownSecret })));
    rig.emulator.faults.inject({ kind: 'access-denied', service: 'dcs', operation: 'StopMigrationTask', count: 2 });
    outcomes.push(await rig.send(request(seed(), 'Delete')));
    outcomes.push(await rig.send(request('00000000-0000-4000-8000-00000000dead', 'Create', { runOn: [LifecycleEvent.CREATE] })));

    // THEN the runs did what they should (so the output below is the output of real work)
    expect(outcomes.map((o) => o.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILED', 'FAILED', 'FAILED', 'FAILED', 'FAILED']);
    expect(outcomes[6].reason).toContain('Incorrect IAM authentication information: ak [redacted] not exist');
    const output = rig.lambda.output();
    expect(output).toContain('Huawei call succeeded');
    expect(output).toContain('Huawei call failed');
    // ...and no secret is anywhere the handler writes
    const written = [output, ...outcomes.map((o) => JSON.stringify(o.data)), ...outcomes.map((o) => o.reason ?? '')].join('\n');
    for (const secret of secrets) expect(written).not.toContain(secret);
    expect(written).not.toMatch(/password/i);
  });
});
