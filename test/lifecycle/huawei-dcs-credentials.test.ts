import { LifecycleEvent } from '../../contract';
import type { CfnOutcome } from '../../emulator/harness/provider-driver';
import { rig, secretArn, AK, SK, SECRET_NAME, REQUEST_ID, request, dcsCalls, secretWithWrongSk, useDcsRig } from './huawei-dcs-stop-migration-task.fixture';

// Credentials and permissions, a rotated key, endpoint faults, and secrets that never leave the handler. Stopping: huawei-dcs-stop-migration-task.test.ts.
useDcsRig();

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
