import { DmsAssessmentProps as Props, LifecycleEvent } from '../../contract';
import { commonProps } from '../support/rig';
import { rig, ROLE, BUCKET, ALL_EVENTS, properties, request, readyTask, calls, sleep, useAssessmentRig } from './dms-assessment-run.fixture';

// Creating and updating the gate: runs that pass, fail or cannot start. Delete, cancels and faults: dms-assessment-run-delete.test.ts.
useAssessmentRig();

describe('a run that passes', () => {
  test('on Create, starts the run, waits until it passed, and returns its ARN as physical id with the counts and the S3 location', async () => {
    // GIVEN a stopped task
    const task = readyTask('passing');
    // WHEN the stack creates the resource
    const outcome = await rig.send(request('Create', properties(task)));
    // THEN one run was started and the resource completed only once it read `passed`
    expect(outcome.status).toBe('SUCCESS');
    const runs = rig.emulator.dmsAssessments.runsOf(task);
    expect(runs).toHaveLength(1);
    const runArn = runs[0].ReplicationTaskAssessmentRunArn as string;
    expect(outcome.physicalResourceId).toBe(runArn);
    expect(outcome.data).toMatchObject({
      Outcome: 'DONE',
      Status: 'passed',
      AssessmentRunArn: runArn,
      AssessmentRunName: expect.stringMatching(/^orders-pre-cutover-[0-9a-f]{12}$/),
      ResultsS3Uri: `s3://${BUCKET}/assessments/orders/`,
      PassedCount: '8',
      FailedCount: '0',
      ErrorCount: '0',
      WarningCount: '0',
      CancelledCount: '0',
      SkippedCount: '0',
      Note: '',
    });
    expect(outcome.polls).toBeGreaterThan(1);
    // Every field of the request reached DMS.
    expect(calls('StartReplicationTaskAssessmentRun', task)[0].params).toMatchObject({
      ReplicationTaskArn: task,
      ServiceAccessRoleArn: ROLE,
      ResultLocationBucket: BUCKET,
      ResultLocationFolder: 'assessments/orders',
      ResultEncryptionMode: 'SSE_S3',
      AssessmentRunName: outcome.data.AssessmentRunName,
      Tags: [{ Key: 'team', Value: 'migration' }],
    });
    // The task was `testing` during the run and is back to `stopped`.
    expect(rig.emulator.dms.task(task)?.status).toBe('stopped');
  });

  test('while the run is active the task is testing; with waitForCompletion false the resource completes as ISSUED with the run ARN', async () => {
    const task = readyTask('no-wait', 'ready');
    const outcome = await rig.send(request('Create', properties(task, {}, { waitForCompletion: false })));
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED', Status: 'starting', AssessmentRunArn: outcome.physicalResourceId });
    expect(rig.emulator.dms.task(task)?.status).toBe('testing');
    await sleep(450);
    expect(rig.emulator.dms.task(task)?.status).toBe('ready');
  });
});

describe('a run that does not pass', () => {
  test('warning succeeds with a CloudFormation-visible note naming the warnings', async () => {
    const task = readyTask('warning');
    rig.emulator.dmsAssessments.planRuns(task, { results: { 'mysql-check-binlog-row-image': 'warning' } });
    const outcome = await rig.send(request('Create', properties(task)));
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data).toMatchObject({ Status: 'warning', WarningCount: '1', PassedCount: '7' });
    expect(outcome.data.Note).toContain('mysql-check-binlog-row-image (warning)');
    expect(outcome.data.Note).toContain('"failOnWarning" is false');
  });

  test('warning with failOnWarning fails the deployment', async () => {
    const task = readyTask('warning-blocks');
    rig.emulator.dmsAssessments.planRuns(task, { results: { 'mysql-check-server-id': 'warning' } });
    const outcome = await rig.send(request('Create', properties(task, { [Props.FAIL_ON_WARNING]: 'true' })));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('ended "warning"');
    expect(outcome.reason).toContain('"failOnWarning" is true');
    expect(outcome.reason).toContain('mysql-check-server-id (warning)');
  });

  test.each([
    ['failed', { results: { 'mysql-check-binlog-format': 'failed' as const, 'unsupported-data-types-in-source': 'failed' as const } }, ['mysql-check-binlog-format (failed)', 'unsupported-data-types-in-source (failed)']],
    ['error-executing', { results: { 'mysql-check-server-id': 'error' as const } }, ['mysql-check-server-id (error)']],
    ['error-provisioning', { outcome: 'error-provisioning' as const, lastFailureMessage: 'Could not create the assessment environment' }, ['Could not create the assessment environment']],
    ['invalid state', { outcome: 'invalid state' as const, lastFailureMessage: 'The run is in an unknown state' }, ['The run is in an unknown state']],
  ])('a run that ends "%s" fails with a reason naming the run, its status, the findings and the S3 location', async (status, plan, findings) => {
    // GIVEN a task whose assessment will not pass
    const task = readyTask(`not-passing-${status.replace(' ', '-')}`);
    rig.emulator.dmsAssessments.planRuns(task, plan);
    // WHEN the stack creates the resource
    const outcome = await rig.send(request('Create', properties(task)));
    // THEN the deployment fails with everything an operator needs
    expect(outcome.status).toBe('FAILED');
    const run = rig.emulator.dmsAssessments.runsOf(task)[0];
    expect(outcome.reason).toContain(`"${run.AssessmentRunName}" (${run.ReplicationTaskAssessmentRunArn})`);
    expect(outcome.reason).toContain(`ended "${status}"`);
    for (const finding of findings) expect(outcome.reason).toContain(finding);
    expect(outcome.reason).toContain(`s3://${BUCKET}/assessments/orders/`);
    expect(outcome.reason).toContain('"failDeploymentOnFailure"');
  });

  test('a run cancelled outside the stack fails the deployment and says so', async () => {
    const task = readyTask('cancelled-by-someone');
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 2000 });
    const pending = rig.send(request('Create', properties(task)));
    await sleep(250);
    rig.emulator.dmsAssessments.cancelOutOfBand(rig.emulator.dmsAssessments.runsOf(task)[0].ReplicationTaskAssessmentRunArn as string);
    const outcome = await pending;
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/ended "cancell(ed|ing)"/);
    expect(outcome.reason).toContain('cancelled outside this stack');
  });

  test('with failDeploymentOnFailure false, a failed run succeeds and the attributes carry the outcome', async () => {
    const task = readyTask('recorded');
    rig.emulator.dmsAssessments.planRuns(task, { results: { 'mysql-check-binlog-format': 'failed', 'full-lob-not-nullable-at-target': 'skipped' } });
    const outcome = await rig.send(request('Create', properties(task, { [Props.FAIL_DEPLOYMENT_ON_FAILURE]: 'false' })));
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data).toMatchObject({ Status: 'failed', FailedCount: '1', SkippedCount: '1', PassedCount: '6' });
    expect(outcome.data.Note).toContain('mysql-check-binlog-format (failed)');
    expect(outcome.data.Note).toContain('"failDeploymentOnFailure" is false');
  });
});

describe('the task must allow an assessment', () => {
  test('a running task is waited for until it stops, then assessed; the physical id lets a later Delete find the run', async () => {
    // GIVEN a task that is still running a full load and stops by itself after 200 ms
    const task = rig.emulator.dms.seedTask({ identifier: 'busy', status: 'running', migrationType: 'full-load', then: [{ afterMs: 200, status: 'stopped' }] });
    // WHEN the stack creates the resource
    const outcome = await rig.send(request('Create', properties(task)));
    // THEN the run was only started once the task had stopped, and it passed
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'passed' });
    const start = calls('StartReplicationTaskAssessmentRun', task);
    expect(start).toHaveLength(1);
    expect(start[0].at - rig.emulator.dms.task(task)!.createdAt).toBeGreaterThanOrEqual(200);
    expect(outcome.physicalResourceId).toBe(`${task}/assessment-run-name/${outcome.data.AssessmentRunName}`);
    // AND a Delete with that physical id finds the (finished) run
    const deletion = await rig.send(request('Delete', properties(task, {}, { runOn: ALL_EVENTS }), { PhysicalResourceId: outcome.physicalResourceId }));
    expect(deletion.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'passed' });
  });

  test.each(['cdc', 'full-load-and-cdc'])(
    'GIVEN a running %s task (it never stops by itself) WHEN the gate is created THEN it fails at once, saying to order it after a stop or to stop the task',
    async (migrationType) => {
      const task = rig.emulator.dms.seedTask({ identifier: `cdc-${migrationType}`, status: 'running', migrationType });
      const outcome = await rig.send(request('Create', properties(task)));
      expect(outcome.status).toBe('FAILED');
      expect(outcome.polls).toBe(0);
      expect(outcome.reason).toContain(`DMS replication task ${task} is running with ongoing replication (migration type ${migrationType})`);
      expect(outcome.reason).toContain('ready, stopped or failed');
      expect(outcome.reason).toMatch(/Order the gate after a stop of the task \(stopTask\.next\(gate\).*DmsStopReplicationTask.*or stop the task yourself/);
      expect(calls('StartReplicationTaskAssessmentRun', task)).toHaveLength(0);
    },
  );

  test('GIVEN a CDC task that is stopping WHEN the gate is created THEN it waits until the task stopped, then assesses it', async () => {
    const task = rig.emulator.dms.seedTask({ identifier: 'cdc-stopping', status: 'stopping', migrationType: 'cdc', then: [{ afterMs: 200, status: 'stopped' }] });
    const outcome = await rig.send(request('Create', properties(task)));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'passed' });
    expect(calls('StartReplicationTaskAssessmentRun', task)).toHaveLength(1);
  });

  test('GIVEN a CDC task that is starting WHEN the gate is created THEN it is waited for, and fails at once when it turns out running', async () => {
    const task = rig.emulator.dms.seedTask({ identifier: 'cdc-starting', status: 'starting', migrationType: 'full-load-and-cdc', then: [{ afterMs: 200, status: 'running' }] });
    const outcome = await rig.send(request('Create', properties(task)));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.polls).toBeGreaterThan(0);
    expect(outcome.reason).toContain('is running with ongoing replication');
    expect(calls('StartReplicationTaskAssessmentRun', task)).toHaveLength(0);
  });

  test('a task that never settles fails at the deadline with a reason that says which states DMS accepts and what to do', async () => {
    // A full load that outlasts the timeout: it would finish by itself, so it is waited for.
    const task = rig.emulator.dms.seedTask({ identifier: 'long-full-load', status: 'running', migrationType: 'full-load' });
    const outcome = await rig.send(request('Create', properties(task, {}, { timeoutSeconds: 1 })));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/^Timed out after \d+\.\ds \(timeout 1\.0s\)/);
    expect(outcome.reason).toContain(task);
    expect(outcome.reason).toContain('it is still "task:running"');
    expect(outcome.reason).toContain('ready, stopped or failed');
    expect(outcome.reason).toContain('DmsStopReplicationTask');
    expect(calls('StartReplicationTaskAssessmentRun', task)).toHaveLength(0);
  });

  test('a task that does not exist fails, naming the ARN and "replicationTaskArn"', async () => {
    const missing = 'arn:aws:dms:us-east-1:123456789012:task:DOESNOTEXIST0000000000000';
    const outcome = await rig.send(request('Create', properties(missing)));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`DMS replication task ${missing} was not found`);
    expect(outcome.reason).toContain('"replicationTaskArn"');
  });
});

describe('includeOnly and exclude are checked before the run starts', () => {
  test('an unknown name in includeOnly fails, listing the valid names, and starts nothing', async () => {
    const task = readyTask('typo');
    const outcome = await rig.send(request('Create', properties(task, { [Props.INCLUDE_ONLY]: ['mysql-check-binlog-formt'] })));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('"includeOnly" names individual assessments that DMS does not offer');
    expect(outcome.reason).toContain('mysql-check-binlog-formt');
    expect(outcome.reason).toContain('Valid names for this task: mysql-check-binlog-format, mysql-check-binlog-row-image');
    expect(calls('StartReplicationTaskAssessmentRun', task)).toHaveLength(0);
  });

  test('an unknown name in exclude fails the same way, naming "exclude"', async () => {
    const task = readyTask('typo-exclude');
    const outcome = await rig.send(request('Create', properties(task, { [Props.EXCLUDE]: ['no-such-check'] })));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('"exclude" names individual assessments that DMS does not offer');
  });

  test('names on a later page of DescribeApplicableIndividualAssessments are found (the list is paged with Marker)', async () => {
    // GIVEN a task with 130 applicable assessments: DMS returns at most 100 per page
    const task = readyTask('many-assessments');
    const names = Array.from({ length: 130 }, (_, i) => `check-${String(i).padStart(3, '0')}`);
    rig.emulator.dmsAssessments.setApplicableAssessments(task, names);
    // WHEN the run includes only one from the second page
    const outcome = await rig.send(request('Create', properties(task, { [Props.INCLUDE_ONLY]: ['check-120'] })));
    // THEN it starts and runs just that one
    expect(outcome.data).toMatchObject({ Status: 'passed', PassedCount: '1' });
    expect(calls('DescribeApplicableIndividualAssessments', task).length).toBeGreaterThanOrEqual(2);
    expect(calls('StartReplicationTaskAssessmentRun', task)[0].params.IncludeOnly).toEqual(['check-120']);
  });

  test('exclude leaves the named assessments out of the run', async () => {
    const task = readyTask('excluding');
    const outcome = await rig.send(request('Create', properties(task, { [Props.EXCLUDE]: ['mysql-check-server-id', 'mysql-check-expire-logs-days'] })));
    expect(outcome.data).toMatchObject({ Status: 'passed', PassedCount: '6' });
  });
});

describe('Update', () => {
  test('changed properties start a new run with a new physical id; identical properties start nothing and keep the id', async () => {
    // GIVEN a resource created with one run
    const task = readyTask('updated');
    const created = await rig.send(request('Create', properties(task)));
    const firstRun = created.physicalResourceId;
    // WHEN an Update changes the folder
    const changedProps = properties(task, { [Props.RESULT_LOCATION_FOLDER]: 'assessments/orders-v2' });
    const changed = await rig.send(request('Update', changedProps, { PhysicalResourceId: firstRun, OldResourceProperties: properties(task) }));
    // THEN a second run was started and is the new physical id
    expect(changed.status).toBe('SUCCESS');
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(2);
    expect(changed.physicalResourceId).not.toBe(firstRun);
    expect(changed.data).toMatchObject({ Status: 'passed', ResultsS3Uri: `s3://${BUCKET}/assessments/orders-v2/` });
    // WHEN an Update changes nothing about the run (only the timeout)
    const same = await rig.send(
      request('Update', properties(task, { [Props.RESULT_LOCATION_FOLDER]: 'assessments/orders-v2' }, { timeoutSeconds: 30 }), {
        PhysicalResourceId: changed.physicalResourceId,
        OldResourceProperties: changedProps,
      }),
    );
    // THEN nothing was started and the physical id and attributes stay
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(2);
    expect(same).toMatchObject({ status: 'SUCCESS', physicalResourceId: changed.physicalResourceId });
    expect(same.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'passed', AssessmentRunArn: changed.physicalResourceId });
  });

  test('the rollback of a failed Update keeps the run made for the restored properties and is not gated on a new run', async () => {
    // GIVEN a resource whose Create run passed, then an Update whose run failed
    const task = readyTask('rolled-back');
    const created = await rig.send(request('Create', properties(task)));
    rig.emulator.dmsAssessments.planRuns(task, { results: { 'mysql-check-binlog-format': 'failed' } });
    const failedProps = properties(task, { [Props.EXCLUDE]: ['mysql-check-server-id'] });
    const failed = await rig.send(request('Update', failedProps, { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: properties(task) }));
    expect(failed.status).toBe('FAILED');
    // WHEN CloudFormation rolls back: the original properties, the failed ones as old, the original physical id
    const rollback = await rig.send(request('Update', properties(task), { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: failedProps }));
    // THEN the original run stands and nothing was started
    expect(rollback).toMatchObject({ status: 'SUCCESS', physicalResourceId: created.physicalResourceId, data: { Outcome: 'NOTHING_TO_DO', Status: 'passed' } });
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(2);
  });

  test('a deliberate change back to earlier properties starts a new run', async () => {
    const task = readyTask('changed-back');
    const created = await rig.send(request('Create', properties(task)));
    const otherProps = properties(task, { [Props.RESULT_LOCATION_FOLDER]: 'elsewhere' });
    const changed = await rig.send(request('Update', otherProps, { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: properties(task) }));
    const back = await rig.send(request('Update', properties(task), { PhysicalResourceId: changed.physicalResourceId, OldResourceProperties: otherProps }));
    expect(back.data).toMatchObject({ Outcome: 'DONE', Status: 'passed' });
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(3);
    expect(new Set([created.physicalResourceId, changed.physicalResourceId, back.physicalResourceId]).size).toBe(3);
  });
});

describe('Update, continued', () => {
  test('with runOn [CREATE], an Update that changes only the gate\'s options keeps the run\'s physical id (no replacement)', async () => {
    const task = readyTask('create-only');
    const createOnly = { [Props.FAIL_ON_WARNING]: 'false', ...commonProps({ runOn: [LifecycleEvent.CREATE] }) };
    const created = await rig.send(request('Create', properties(task, createOnly)));
    const updated = await rig.send(
      request('Update', properties(task, { ...createOnly, [Props.FAIL_ON_WARNING]: 'true' }), {
        PhysicalResourceId: created.physicalResourceId,
        OldResourceProperties: properties(task, createOnly),
      }),
    );
    expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: created.physicalResourceId, data: { Outcome: 'SKIPPED' } });
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(1);
  });

  test('an Update with identical properties while the current run is still going waits for it and applies the gate', async () => {
    // GIVEN a run that an earlier deploy started without waiting, and that will fail
    const task = readyTask('unwaited');
    rig.emulator.dmsAssessments.planRuns(task, { runningMs: 400, results: { 'mysql-check-binlog-format': 'failed' } });
    const noWait = properties(task, {}, { waitForCompletion: false });
    const created = await rig.send(request('Create', noWait));
    expect(created.data.Outcome).toBe('ISSUED');
    // WHEN the next deploy updates it with the same run definition, waiting this time
    const updated = await rig.send(request('Update', properties(task), { PhysicalResourceId: created.physicalResourceId, OldResourceProperties: noWait }));
    // THEN no second run started, and the first run's failure fails the deployment
    expect(rig.emulator.dmsAssessments.runsOf(task)).toHaveLength(1);
    expect(updated.status).toBe('FAILED');
    expect(updated.reason).toContain('failed');
  });
});
