import { randomUUID } from 'node:crypto';
import { DmsAssessmentProps as Props } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { rig, ALL_EVENTS, properties, request, readyTask, calls, sleep, useAssessmentRig } from './dms-assessment-run.fixture';

// Deleting the gate, both readings of a cancelled run, retried invocations and faults. Create and Update: dms-assessment-run.test.ts.
useAssessmentRig();

describe('Delete', () => {
  test('a run still in progress is cancelled and waited for until it is cancelled; its record and reports are kept', async () => {
    // GIVEN a run that would take 5 seconds, started without waiting
    const task = readyTask('deleted-mid-run');
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 5000 });
    const created = await rig.send(request('Create', properties(task, {}, { runOn: ALL_EVENTS, waitForCompletion: false })));
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', properties(task, {}, { runOn: ALL_EVENTS }), { PhysicalResourceId: created.physicalResourceId }));
    // THEN the run was cancelled once and the resource completed only when it read `cancelled`
    // (The step also ends on `cancelling` once the task has left `testing`, see the two readings below.)
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: created.physicalResourceId, data: { Outcome: 'DONE', Status: expect.stringMatching(/^cancell(ed|ing)$/) } });
    expect(rig.emulator.dmsAssessments.run(created.physicalResourceId)?.Status).toBe('cancelled');
    expect(calls('CancelReplicationTaskAssessmentRun', created.physicalResourceId)).toHaveLength(1);
    expect(rig.emulator.dms.task(task)?.status).toBe('stopped');
    // Nothing deletes the run or its reports.
    expect(rig.emulator.dmsAssessments.run(created.physicalResourceId)).toBeDefined();
    expect(rig.emulator.callLog().filter((c) => c.operation.startsWith('Delete'))).toHaveLength(0);
  });

  test('a finished run needs nothing: success without a cancel', async () => {
    const task = readyTask('deleted-after-run');
    const created = await rig.send(request('Create', properties(task)));
    const outcome = await rig.send(request('Delete', properties(task, {}, { runOn: ALL_EVENTS }), { PhysicalResourceId: created.physicalResourceId }));
    expect(outcome.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'passed' });
    expect(calls('CancelReplicationTaskAssessmentRun', created.physicalResourceId)).toHaveLength(0);
  });

  test('a run that no longer exists is success (NOT_FOUND)', async () => {
    const task = readyTask('deleted-run-gone');
    const created = await rig.send(request('Create', properties(task)));
    rig.emulator.dmsAssessments.deleteOutOfBand(created.physicalResourceId);
    const outcome = await rig.send(request('Delete', properties(task, {}, { runOn: ALL_EVENTS }), { PhysicalResourceId: created.physicalResourceId }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
  });

  test('GIVEN the default runOn [CREATE, UPDATE] WHEN the resource is deleted while its run is going THEN the run is cancelled (a resource\'s own work is not teardown)', async () => {
    // GIVEN a run started by a Create that did not wait for it
    const task = readyTask('delete-outside-runon');
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 5000 });
    const created = await rig.send(request('Create', properties(task, {}, { waitForCompletion: false })));
    // WHEN the resource is deleted (Delete is not in runOn)
    const outcome = await rig.send(request('Delete', properties(task), { PhysicalResourceId: created.physicalResourceId }));
    // THEN the run was cancelled anyway, so the task does not stay in "testing"
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data.Outcome).toBe('DONE');
    expect(calls('CancelReplicationTaskAssessmentRun', created.physicalResourceId)).toHaveLength(1);
  });
});

describe.each(['cancelled', 'stays-cancelling'] as const)('a cancelled run that then reads %s (both readings of API-FACTS 2.2)', (afterCancel) => {
  // DMS documents no final "cancelled": a cancelled run may read `cancelling` for good. The step is
  // done once the run is final, or reads `cancelling` while its task has left `testing`.
  beforeEach(() => {
    rig.emulator.dmsAssessments.afterCancel = afterCancel;
  });
  afterEach(() => {
    rig.emulator.dmsAssessments.afterCancel = 'cancelled';
  });
  const expected = afterCancel === 'cancelled' ? 'cancelled' : 'cancelling';

  test.each([
    ['a teardown Delete', 'DELETE_IN_PROGRESS'],
    ['the Delete of a rollback', 'ROLLBACK_IN_PROGRESS'],
  ])('%s cancels a run still going and succeeds once the task is released, well before its timeout', async (_name, stackStatus) => {
    // GIVEN a run that would take 5 s, started by a Create that did not wait, in a stack being deleted or rolled back
    const task = readyTask(`cancel-${afterCancel}-${stackStatus.toLowerCase()}`);
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 5000 });
    const stackId = rig.emulator.cloudformation.seedStack({ stackName: `assessed-${randomUUID().slice(0, 8)}`, status: stackStatus });
    const created = await rig.send(request('Create', properties(task, {}, { waitForCompletion: false }), { StackId: stackId }));
    // WHEN the resource is deleted (under "stays cancelling", a wait for a final status would end in its timeout, FAILED)
    const outcome = await rig.send(request('Delete', properties(task), { PhysicalResourceId: created.physicalResourceId, StackId: stackId }));
    // THEN the run was cancelled once, the task left `testing`, and the Delete succeeded with the run's last status
    // (Under "cancelled" the last look may catch the run a moment before it reads `cancelled`, once
    // its task is already released: either status is the end of the step.)
    const reported = afterCancel === 'cancelled' ? expect.stringMatching(/^cancell(ed|ing)$/) : 'cancelling';
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: reported } });
    expect(calls('CancelReplicationTaskAssessmentRun', created.physicalResourceId)).toHaveLength(1);
    expect(rig.emulator.dms.task(task)?.status).toBe('stopped');
    expect(rig.emulator.dmsAssessments.run(created.physicalResourceId)?.Status).toBe(expected);
  });

  test('a Create whose run is cancelled outside the stack fails saying so, without waiting out its timeout', async () => {
    const task = readyTask(`cancelled-outside-${afterCancel}`);
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 5000 });
    const pending = rig.send(request('Create', properties(task)));
    while (rig.emulator.dmsAssessments.runsOf(task).length === 0) await sleep(20);
    rig.emulator.dmsAssessments.cancelOutOfBand(rig.emulator.dmsAssessments.runsOf(task)[0].ReplicationTaskAssessmentRunArn as string);
    const outcome = await pending;
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(afterCancel === 'cancelled' ? /ended "cancell(ed|ing)"/ : /ended "cancelling"/);
    expect(outcome.reason).toContain('cancelled outside this stack');
    expect(outcome.reason).not.toContain('Timed out');
  });
});

// What CloudFormation puts in every event (the handler learns its own account from it).
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/CutoverStack/0f7e9c1a-5b1e-4c1e-9d5e-2b7f4b3a1c11';

describe('a retried invocation of the same event', () => {
  test('while its run is active, finds the run by name instead of starting another', async () => {
    // GIVEN the first invocation of a Create started the run (and its answer was lost)
    const task = readyTask('retried-active');
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 600 });
    const event = { ...request('Create', properties(task)), RequestId: randomUUID(), StackId: STACK_ID };
    const first = await rig.lambda.invoke<{ PhysicalResourceId: string }>('onEvent', { ...event, ResponseURL: 'https://example.invalid/r' });
    expect(first.ok).toBe(true);
    // WHEN the same event is delivered again
    const outcome = await rig.send(event as CfnRequest);
    // THEN there is still one run, and the resource follows it to the end
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: first.result!.PhysicalResourceId, data: { Status: 'passed' } });
  });

  test('after its run finished, recognises ResourceAlreadyExistsFault as its own run, not a failure', async () => {
    const task = readyTask('retried-finished');
    const event = { ...request('Create', properties(task)), RequestId: randomUUID(), StackId: STACK_ID };
    const first = await rig.lambda.invoke<{ PhysicalResourceId: string }>('onEvent', { ...event, ResponseURL: 'https://example.invalid/r' });
    await sleep(500);
    expect(rig.emulator.dms.task(task)?.status).toBe('stopped');
    const outcome = await rig.send(event as CfnRequest);
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(1);
    const starts = calls('StartReplicationTaskAssessmentRun', task);
    expect(starts.map((c) => c.status)).toEqual([200, 400]);
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: first.result!.PhysicalResourceId, data: { Outcome: 'NOTHING_TO_DO', Status: 'passed' } });
  });
});

describe('faults', () => {
  test('throttling of StartReplicationTaskAssessmentRun beyond the SDK retries is retried at the next poll; one run starts', async () => {
    const task = readyTask('throttled');
    rig.emulator.faults.inject({ service: 'dms', operation: 'StartReplicationTaskAssessmentRun', kind: 'throttle', count: 3 });
    const outcome = await rig.send(request('Create', properties(task)));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'passed' });
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(1);
    expect(calls('StartReplicationTaskAssessmentRun', task).filter((c) => c.fault === 'throttle')).toHaveLength(3);
  });

  test.each(['server-error', 'unavailable'] as const)('%s on DescribeReplicationTaskAssessmentRuns is retried and does not fail the deployment', async (kind) => {
    const task = readyTask(`five-hundred-${kind}`);
    rig.emulator.faults.inject({ service: 'dms', operation: 'DescribeReplicationTaskAssessmentRuns', kind, count: 3 });
    const outcome = await rig.send(request('Create', properties(task)));
    expect(outcome.data).toMatchObject({ Status: 'passed' });
    expect(rig.emulator.callLog({ operation: 'DescribeReplicationTaskAssessmentRuns' }).filter((c) => c.fault === kind)).toHaveLength(3);
  });

  test('AccessDenied on the start fails with the service message and names "serviceAccessRole"', async () => {
    const task = readyTask('denied');
    rig.emulator.faults.inject({ service: 'dms', operation: 'StartReplicationTaskAssessmentRun', kind: 'access-denied' });
    const outcome = await rig.send(request('Create', properties(task)));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/handler/fn is not authorized');
    expect(outcome.reason).toContain('iam:PassRole');
    expect(outcome.reason).toContain('"serviceAccessRole"');
  });

  test.each([
    ['S3AccessDeniedFault', { kind: 'bucket-denied' as const, bucket: 'denied-bucket' }, { [Props.RESULT_LOCATION_BUCKET]: 'denied-bucket' }, '"resultLocationBucket"'],
    ['S3ResourceNotFoundFault', { kind: 'bucket-missing' as const, bucket: 'missing-bucket' }, { [Props.RESULT_LOCATION_BUCKET]: 'missing-bucket' }, '"resultLocationBucket"'],
    ['AccessDeniedFault', { kind: 'role-denied' as const, roleArn: 'arn:aws:iam::123456789012:role/untrusted' }, { [Props.SERVICE_ACCESS_ROLE_ARN]: 'arn:aws:iam::123456789012:role/untrusted' }, '"serviceAccessRole"'],
    [
      'KMSDisabledFault',
      { kind: 'kms' as const, fault: 'KMSDisabledFault' as const, keyArn: 'arn:aws:kms:us-east-1:123456789012:key/disabled' },
      { [Props.RESULT_ENCRYPTION_MODE]: 'SSE_KMS', [Props.RESULT_KMS_KEY_ARN]: 'arn:aws:kms:us-east-1:123456789012:key/disabled' },
      '"resultKmsKey"',
    ],
    [
      'KMSAccessDeniedFault',
      { kind: 'kms' as const, fault: 'KMSAccessDeniedFault' as const, keyArn: 'arn:aws:kms:us-east-1:123456789012:key/locked' },
      { [Props.RESULT_ENCRYPTION_MODE]: 'SSE_KMS', [Props.RESULT_KMS_KEY_ARN]: 'arn:aws:kms:us-east-1:123456789012:key/locked' },
      '"resultKmsKey"',
    ],
  ])('%s fails with the service message and the prop to fix', async (code, refusal, overrides, prop) => {
    const task = readyTask(`refused-${code}`);
    rig.emulator.dmsAssessments.refuseStarts(refusal);
    const outcome = await rig.send(request('Create', properties(task, overrides)));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`${code}: `);
    expect(outcome.reason).toContain(prop);
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(0);
  });
});
