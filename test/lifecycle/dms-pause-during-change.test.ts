import { Rig, startRig } from '../support/rig';
import { KINDS, PauseStack } from './pause-stack';

// Emulated DMS: a stop takes 300 ms, a start 300 ms (serverless: 7 start-up states of 40 ms); the Provider polls every 50 ms.
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({
    emulator: { dms: { stopDurationMs: 300 }, dmsServerless: { stopDurationMs: 300 }, dmsStarts: { startDurationMs: 300 }, dmsServerlessStarts: { startUpStepMs: 40 } },
  });
});
afterAll(() => rig.stop());

const FP1 = '1111111111111111';
const FP2 = '2222222222222222';
let stacks = 0;

describe.each(KINDS)('DmsPauseDuringChange on a $name', (kind) => {
  const newStack = (status?: string) => {
    stacks += 1;
    const arn = kind.seed(rig, `pause-${stacks}`, status);
    return new PauseStack(rig, kind, arn, `PauseStack${stacks}`);
  };

  test('the first deployment does nothing: both steps are SKIPPED and the replication keeps running', async () => {
    // GIVEN a running replication
    const stack = newStack();
    // WHEN the stack is created with the pause and the resume
    await stack.create(FP1);
    // THEN neither acted, and nothing was stopped or started
    expect(stack.outcomeOf('Pause Create').data).toMatchObject({ Outcome: 'SKIPPED', PausedFor: '' });
    expect(stack.outcomeOf('Resume Create').data.Outcome).toBe('SKIPPED');
    expect(stack.order).toEqual(['Pause Create: running', 'Resume Create: running']);
    expect(stack.pause.physicalId).toBe(stack.arn);
    expect(kind.resumes(rig, stack.arn)).toBe(0);
  });

  test('a watched change is made with the replication stopped: pause → change → resume, and it runs again', async () => {
    // GIVEN a deployed stack and a running replication
    const stack = newStack();
    await stack.create(FP1);
    // WHEN an update changes a watched resource
    const before = await stack.update(FP2);
    await stack.completeUpdate(before);
    // THEN the pause stopped it, the change happened while it was stopped, and the resume resumed it
    expect(stack.order).toEqual([
      'Pause Create: running',
      'Resume Create: running',
      'Pause Update: stopped',
      'watched change: stopped',
      'Resume Update: running',
      'Pause cleanup Delete: running',
    ]);
    expect(stack.outcomeOf('Pause Update').data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', PausedFor: FP2 });
    expect(stack.outcomeOf('Resume Update').data).toMatchObject({ Outcome: 'DONE', Status: 'running', Action: 'resumed after the watched change' });
    expect(kind.resumes(rig, stack.arn)).toBe(1);
    // AND the pause recorded its stop in its physical id, while the resume's stayed stable
    expect(stack.outcomeOf('Pause Update').physicalResourceId).toMatch(new RegExp(`^${stack.arn}\\|undo:resume:[0-9a-f]{12}$`));
    expect(stack.resume.physicalId).toBe(stack.arn);
    // AND the cleanup of the successful update left it running (not a rollback)
    expect(stack.outcomeOf('Pause cleanup Delete').data.Outcome).toBe('SKIPPED');
  });

  test.each(['rollback Update', 'cleanup Delete'] as const)(
    'a failure between the pause and the resume: only the pause\'s rollback resumes, after the watched change back (reading: %s)',
    async (reading) => {
      // GIVEN a deployed stack and a running replication
      const stack = newStack();
      await stack.create(FP1);
      // WHEN the watched change fails after the pause, and CloudFormation rolls back
      const before = await stack.update(FP2, { watchedChangeFails: true });
      await stack.rollBack(before, reading);
      // THEN the resume received nothing; the watched resources were changed back with the
      // replication stopped, and the pause's undo resumed it last
      const undo = reading === 'rollback Update' ? 'Pause rollback Update' : 'Pause cleanup Delete';
      expect(stack.order.slice(2)).toEqual(['Pause Update: stopped', 'watched change: stopped', 'watched change back: stopped', `${undo}: running`]);
      expect(stack.outcomeOf(undo).data).toMatchObject({ Outcome: 'DONE', Status: 'running', Action: 'resumed: the rollback undid the pause' });
      expect(kind.resumes(rig, stack.arn)).toBe(1);
    },
  );

  test.each(['rollback Update', 'cleanup Delete'] as const)(
    'a failure after the resume: the resume\'s rollback stops it again for the change back, the pause\'s rollback resumes it last (reading: %s)',
    async (reading) => {
      // GIVEN a deployed stack and a running replication
      const stack = newStack();
      await stack.create(FP1);
      // WHEN the update gets past the resume, a later resource fails, and CloudFormation rolls back
      const before = await stack.update(FP2);
      await stack.rollBack(before, reading);
      // THEN: stopped for the change, running after the resume, stopped again for the change back, running at the end
      const undo = reading === 'rollback Update' ? 'Pause rollback Update' : 'Pause cleanup Delete';
      expect(stack.order.slice(2)).toEqual([
        'Pause Update: stopped',
        'watched change: stopped',
        'Resume Update: running',
        'Resume rollback Update: stopped',
        'watched change back: stopped',
        `${undo}: running`,
      ]);
      expect(stack.outcomeOf('Resume rollback Update').data).toMatchObject({ Outcome: 'DONE', Action: 'stopped again: the rollback changes the watched resources back' });
      expect(kind.resumes(rig, stack.arn)).toBe(2);
    },
  );

  test('a replication found already stopped is left stopped: no record, no resume, and no undo on rollback', async () => {
    // GIVEN a deployed stack whose replication is stopped
    const stack = newStack('stopped');
    await stack.create(FP1);
    // WHEN an update changes a watched resource, and a later resource fails
    const before = await stack.update(FP2);
    await stack.rollBack(before, 'rollback Update');
    // THEN nobody started it, at any point
    expect(stack.order.every((line) => line.endsWith(': stopped'))).toBe(true);
    expect(stack.outcomeOf('Pause Update').data).toMatchObject({ Outcome: 'NOTHING_TO_DO', PausedFor: '' });
    expect(stack.outcomeOf('Pause Update').physicalResourceId).toBe(stack.arn);
    expect(stack.outcomeOf('Resume Update').data).toMatchObject({ Outcome: 'SKIPPED', Note: expect.stringContaining('did not stop') });
    expect(stack.outcomeOf('Resume rollback Update').data.Outcome).toBe('SKIPPED');
    expect(stack.outcomeOf('Pause rollback Update').data.Outcome).toBe('SKIPPED');
    expect(kind.resumes(rig, stack.arn)).toBe(0);
  });
});

describe('records of earlier deployments and stack deletion', () => {
  const kind = KINDS[0];
  const newStack = () => {
    stacks += 1;
    return new PauseStack(rig, kind, kind.seed(rig, `pause-${stacks}`), `PauseStack${stacks}`);
  };

  test('deleting the stack after a paused update leaves the replication as it is', async () => {
    // GIVEN a stack whose last update paused and resumed the task (the pause's id records that stop)
    const stack = newStack();
    await stack.create(FP1);
    await stack.completeUpdate(await stack.update(FP2));
    // WHEN the stack is deleted
    stack.status('DELETE_IN_PROGRESS');
    const resume = await stack.send('Resume Delete', { RequestType: 'Delete', ResourceType: 'Custom::CutoverDmsResumeAfterChange', PhysicalResourceId: stack.resume.physicalId, ResourceProperties: stack.resume.properties! });
    const pause = await stack.send('Pause Delete', { RequestType: 'Delete', ResourceType: 'Custom::CutoverDmsPauseDuringChange', PhysicalResourceId: stack.pause.physicalId, ResourceProperties: stack.pause.properties! });
    // THEN neither touched it
    expect(resume.data.Outcome).toBe('SKIPPED');
    expect(pause.data).toMatchObject({ Outcome: 'SKIPPED', Note: expect.stringContaining('not a rollback') });
    expect(kind.status(rig, stack.arn)).toBe('running');
    expect(kind.resumes(rig, stack.arn)).toBe(1);
  });

  test('the rollback of a later update whose pause failed does not undo the earlier deployment\'s stop', async () => {
    // GIVEN a stack whose earlier update paused and resumed the task
    const stack = newStack();
    await stack.create(FP1);
    await stack.completeUpdate(await stack.update(FP2));
    const earlierId = stack.pause.physicalId;
    // WHEN a later update's pause fails (so its rollback Update carries the earlier record) while the task is stopped by hand
    rig.emulator.dms.setStatus(stack.arn, 'stopped');
    stack.status('UPDATE_ROLLBACK_IN_PROGRESS');
    const rollback = await stack.send('Pause rollback Update', {
      RequestType: 'Update',
      ResourceType: 'Custom::CutoverDmsPauseDuringChange',
      PhysicalResourceId: earlierId,
      ResourceProperties: stack.pause.properties!,
      OldResourceProperties: stack.pauseProperties('3333333333333333'),
    });
    // THEN the stopped task is not resumed: the record is not the failed deployment's
    expect(rollback.data).toMatchObject({ Outcome: 'SKIPPED', Note: expect.stringContaining('no stop by this pause') });
    expect(rollback.physicalResourceId).toBe(earlierId);
    expect(kind.status(rig, stack.arn)).toBe('stopped');
  });

  test('a stack status that cannot be read fails the update with a reason, before any stop', async () => {
    const stack = newStack();
    await stack.create(FP1);
    rig.emulator.faults.inject({ service: 'cloudformation', operation: 'DescribeStacks', kind: 'access-denied', count: 1 });
    stack.status('UPDATE_IN_PROGRESS');
    const outcome = await rig.send({
      RequestType: 'Update',
      ResourceType: 'Custom::CutoverDmsPauseDuringChange',
      LogicalResourceId: 'Pause',
      StackId: stack.stackId,
      PhysicalResourceId: stack.pause.physicalId,
      ResourceProperties: stack.pauseProperties(FP2),
      OldResourceProperties: stack.pause.properties,
    });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/Did not touch DMS replication .*could not tell whether this Update belongs to a rollback.*cloudformation:DescribeStacks/);
    expect(kind.status(rig, stack.arn)).toBe('running');
  });
});

describe('the deadline', () => {
  test('a stop that outlasts the timeout fails the pause with a reason naming the task, its state and what the step was doing', async () => {
    // GIVEN a running task that takes a minute to stop, and a one-second timeout
    const arn = rig.emulator.dms.seedTask({ identifier: 'slow-to-stop', stopDurationMs: 60_000 });
    stacks += 1;
    const stack = new PauseStack(rig, KINDS[0], arn, `PauseStack${stacks}`, { TimeoutSeconds: '1' });
    await stack.create(FP1);
    // WHEN a watched change is deployed
    stack.status('UPDATE_IN_PROGRESS');
    const outcome = await rig.send({
      RequestType: 'Update',
      ResourceType: 'Custom::CutoverDmsPauseDuringChange',
      LogicalResourceId: 'Pause',
      StackId: stack.stackId,
      PhysicalResourceId: stack.pause.physicalId,
      ResourceProperties: stack.pauseProperties(FP2),
      OldResourceProperties: stack.pause.properties,
    });
    // THEN the update fails before CloudFormation gives up, saying so
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(new RegExp(`Timed out .* waiting for DMS replication ${arn} to be stopped for the watched change.*: it is still "stopping"\\. This step was stopping it \\(stopped for the watched change\\)\\.`));
    expect(Buffer.byteLength(outcome.reason ?? '')).toBeLessThan(4096);
  });
});

describe('a replication where it lives', () => {
  const PARTNER = '444455556666';
  const ROLE = `arn:aws:iam::${PARTNER}:role/cutover-target`;

  test('a task of another account and region is paused and resumed through the assumed role, in the ARN\'s region', async () => {
    // GIVEN a running task in eu-west-1 of a partner account, and a role there that trusts the stack's account
    rig.emulator.sts.registerRole({ roleArn: ROLE, externalId: 'pause-ext', trustedAccounts: ['123456789012'] });
    const arn = rig.emulator.dms.seedTask({ identifier: 'partner-paused', region: 'eu-west-1', account: PARTNER });
    stacks += 1;
    const stack = new PauseStack(rig, KINDS[0], arn, `PauseStack${stacks}`, { AssumedRoleArn: ROLE, ExternalId: 'pause-ext' });
    await stack.create(FP1);
    // WHEN a watched change is deployed
    await stack.completeUpdate(await stack.update(FP2));
    // THEN it was stopped for the change and runs again
    expect(stack.order.slice(2, 5)).toEqual(['Pause Update: stopped', 'watched change: stopped', 'Resume Update: running']);
    // AND every DMS call about it was made in eu-west-1 as the partner account
    const calls = rig.emulator.callLog({ service: 'dms' }).filter((c) => JSON.stringify(c.params).includes(arn));
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => `${c.region} ${c.account}`))).toEqual(new Set([`eu-west-1 ${PARTNER}`]));
  });
});
