import { DmsAssessmentProps, DmsStopProps, DrsStopProps, RdsCancelExportProps, LifecycleEvent, ResourceTypes, TargetProps } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// The handler runs as a Lambda of the stack: us-east-1, account 123456789012 (the rig's default).
const OTHER_ACCOUNT = '444455556666';
const ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/cutover-target`;
const EXTERNAL_ID = 'cutover-ext-7';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { dms: { stopDurationMs: 200 }, drs: { stopDurationMs: 200 }, rds: { cancelDurationMs: 200 }, dmsAssessments: { startingMs: 50, provisioningMs: 100, runningMs: 200 } } });
  rig.emulator.sts.registerRole({ roleArn: ROLE, externalId: EXTERNAL_ID, trustedAccounts: ['123456789012'] });
});
afterAll(() => rig.stop());

function request(resourceType: string, properties: Record<string, unknown>, physicalId: string): CfnRequest {
  return {
    RequestType: 'Delete',
    ResourceType: resourceType,
    LogicalResourceId: 'StopOrders',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ...properties, ...commonProps() },
  };
}

const stopTask = (arn: string, location: Record<string, string> = {}) =>
  rig.send(request(ResourceTypes.DMS_STOP_REPLICATION_TASK, { [DmsStopProps.REPLICATION_TASK_ARN]: arn, ...location }, arn));
const callsAbout = (service: string, id: string) => rig.emulator.callLog({ service }).filter((c) => JSON.stringify(c.params).includes(id));
const throughRole = { [TargetProps.ASSUMED_ROLE_ARN]: ROLE, [TargetProps.EXTERNAL_ID]: EXTERNAL_ID };

describe('a target in another region', () => {
  test('a DMS task in eu-west-1 is found and stopped there by a handler in us-east-1', async () => {
    // GIVEN a running task in eu-west-1 of the stack's account
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders-eu', region: 'eu-west-1' });
    // WHEN the stack in us-east-1 deletes the resource
    const outcome = await stopTask(arn);
    // THEN the task is stopped, and every call about it went to eu-west-1
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'stopped' } });
    expect(rig.emulator.dms.task(arn)?.status).toBe('stopped');
    const calls = callsAbout('dms', arn);
    expect(calls.map((c) => c.operation)).toContain('StopReplicationTask');
    expect(new Set(calls.map((c) => c.region))).toEqual(new Set(['eu-west-1']));
  });

  test('a task missing from its ARN\'s region is NOT_FOUND only after DMS in that region said so', async () => {
    // GIVEN an ARN in eu-west-1 that names no task
    const arn = 'arn:aws:dms:eu-west-1:123456789012:task:NOSUCHTASKINEUWEST1';
    // WHEN the stack deletes the resource
    const outcome = await stopTask(arn);
    // THEN it is NOT_FOUND, and the call that found nothing (the stop, answered ResourceNotFoundFault)
    // was made in eu-west-1 as the stack's account
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND' } });
    const calls = callsAbout('dms', arn);
    expect(calls.map((c) => `${c.operation} ${c.status}`)).toEqual(['StopReplicationTask 400']);
    expect(calls.every((c) => c.region === 'eu-west-1' && c.account === '123456789012')).toBe(true);
  });

  test('a DRS source server is stopped in its "Region"', async () => {
    // GIVEN a replicating server in eu-central-1
    const id = rig.emulator.drs.seedSourceServer({ region: 'eu-central-1' });
    // WHEN the resource, whose Region says eu-central-1, is deleted
    const outcome = await rig.send(request(ResourceTypes.DRS_STOP_REPLICATION, { [DrsStopProps.SOURCE_SERVER_ID]: id, [TargetProps.REGION]: 'eu-central-1' }, id));
    // THEN replication stopped, with every call made in eu-central-1
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'STOPPED' } });
    expect(new Set(callsAbout('drs', id).map((c) => c.region))).toEqual(new Set(['eu-central-1']));
  });

  test('an RDS export is cancelled in its "Region"', async () => {
    // GIVEN an export in progress in ap-southeast-2
    rig.emulator.rds.seedExportTask({ identifier: 'nightly-apse2', region: 'ap-southeast-2' });
    // WHEN the resource, whose Region says ap-southeast-2, is deleted
    const outcome = await rig.send(
      request(ResourceTypes.RDS_CANCEL_EXPORT_TASK, { [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: 'nightly-apse2', [TargetProps.REGION]: 'ap-southeast-2' }, 'nightly-apse2'),
    );
    // THEN it is cancelled, with every call made in ap-southeast-2
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'CANCELED' } });
    expect(new Set(callsAbout('rds', 'nightly-apse2').map((c) => c.region))).toEqual(new Set(['ap-southeast-2']));
  });
});

describe('a target in another account', () => {
  test('the assumed role\'s secret key and session token never reach a log, an attribute or a reason', async () => {
    // GIVEN a running task of another account, reached through the role
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders-secret-check', region: 'eu-west-1', account: OTHER_ACCOUNT });
    rig.lambda.clearOutput();
    const assumedBefore = rig.emulator.callLog({ service: 'sts', operation: 'AssumeRole' }).length;
    // WHEN the resource is deleted through the role
    const outcome = await stopTask(arn, throughRole);
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE' } });
    // (the handler assumed the role during this test, so its credentials passed through this output)
    expect(rig.emulator.callLog({ service: 'sts', operation: 'AssumeRole' }).length).toBeGreaterThan(assumedBefore);
    // THEN none of the session's secrets appears in the handler's output or in what CloudFormation receives
    const sessions = rig.emulator.sts.sessions().filter((s) => s.roleArn === ROLE);
    expect(sessions.length).toBeGreaterThan(0);
    const seen = rig.lambda.output() + JSON.stringify(outcome);
    for (const session of sessions) {
      expect(seen).not.toContain(session.secretAccessKey);
      expect(seen).not.toContain(session.sessionToken);
    }
  });

  test('a DMS task is stopped through the assumed role: every DMS call is signed by it, and the ExternalId is passed', async () => {
    // GIVEN a running task in eu-west-1 of another account, and a role there that trusts the stack's account
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders-partner', region: 'eu-west-1', account: OTHER_ACCOUNT });
    const since = rig.emulator.clock.now();
    // WHEN the resource, with AssumedRoleArn and ExternalId, is deleted
    const outcome = await stopTask(arn, throughRole);
    // THEN the task is stopped
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'stopped' } });
    // AND the role was assumed at the STS endpoint of eu-west-1 with the ExternalId and a session named after the resource
    const assumed = rig.emulator.callLog({ service: 'sts', operation: 'AssumeRole' }).filter((c) => c.params.RoleArn === ROLE);
    expect(assumed.at(-1)).toMatchObject({ status: 200, region: 'eu-west-1', params: { ExternalId: EXTERNAL_ID, RoleSessionName: 'cdk-cutover-StopOrders' } });
    // AND every DMS call (the stop, then the polls' listings) was signed with the role's temporary key, in its account
    const keys = new Set(rig.emulator.sts.sessions().filter((s) => s.roleArn === ROLE).map((s) => s.accessKeyId));
    const calls = rig.emulator.callLog({ service: 'dms' }).filter((c) => c.at >= since);
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['StopReplicationTask', 'DescribeReplicationTasks']));
    for (const call of calls) {
      expect(keys.has(call.accessKeyId)).toBe(true);
      expect(call).toMatchObject({ account: OTHER_ACCOUNT, region: 'eu-west-1' });
    }
  });

  test('a DMS assessment of another account\'s task in another region runs there, every call signed by the assumed role', async () => {
    // GIVEN a task ready to be assessed in us-west-2 of another account
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders-partner-assess', status: 'stopped', region: 'us-west-2', account: OTHER_ACCOUNT });
    // WHEN the gate is created through the role
    const outcome = await rig.send({
      RequestType: 'Create',
      ResourceType: ResourceTypes.DMS_ASSESSMENT_RUN,
      LogicalResourceId: 'PartnerGate',
      ResourceProperties: {
        [DmsAssessmentProps.REPLICATION_TASK_ARN]: arn,
        [DmsAssessmentProps.SERVICE_ACCESS_ROLE_ARN]: `arn:aws:iam::${OTHER_ACCOUNT}:role/dms-assessment`,
        [DmsAssessmentProps.RESULT_LOCATION_BUCKET]: 'partner-assessments',
        [DmsAssessmentProps.ASSESSMENT_RUN_NAME]: 'partner-gate',
        ...throughRole,
        ...commonProps({ runOn: [LifecycleEvent.CREATE] }),
      },
    });
    // THEN the run passed, and it was started and followed in us-west-2 as the other account, with the role's key
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Status: 'passed' } });
    expect(outcome.physicalResourceId).toMatch(/^arn:aws:dms:us-west-2:444455556666:assessment-run:/);
    const calls = callsAbout('dms', arn);
    expect(calls.map((c) => c.operation)).toContain('StartReplicationTaskAssessmentRun');
    expect(calls.every((c) => c.account === OTHER_ACCOUNT && c.region === 'us-west-2' && c.accessKeyId.startsWith('ASIA'))).toBe(true);
    expect(rig.emulator.callLog({ service: 'sts', operation: 'AssumeRole' }).at(-1)?.params).toMatchObject({ RoleSessionName: 'cdk-cutover-PartnerGate', ExternalId: EXTERNAL_ID });
  });

  test('a DRS source server of another account is stopped through the role in its "Region"', async () => {
    const id = rig.emulator.drs.seedSourceServer({ region: 'eu-west-2', account: OTHER_ACCOUNT });
    const outcome = await rig.send(
      request(ResourceTypes.DRS_STOP_REPLICATION, { [DrsStopProps.SOURCE_SERVER_ID]: id, [TargetProps.REGION]: 'eu-west-2', ...throughRole }, id),
    );
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'STOPPED' } });
    expect(callsAbout('drs', id).every((c) => c.account === OTHER_ACCOUNT && c.region === 'eu-west-2' && c.accessKeyId.startsWith('ASIA'))).toBe(true);
  });

  test('an ARN of another account without a role fails with a reason naming the ARN, both accounts and "assumedRoleArn", not NOT_FOUND', async () => {
    // GIVEN a running task of another account, given as a token the construct could not check
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders-unreachable', region: 'eu-west-1', account: OTHER_ACCOUNT });
    // WHEN the resource is deleted without AssumedRoleArn
    const outcome = await stopTask(arn);
    // THEN the deletion fails with what to do, the task still runs, and nobody pretended to look for it
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(arn);
    expect(outcome.reason).toContain(OTHER_ACCOUNT);
    expect(outcome.reason).toContain('123456789012');
    expect(outcome.reason).toContain('"assumedRoleArn"');
    expect(outcome.reason).not.toContain('NOT_FOUND success');
    expect(rig.emulator.dms.task(arn)?.status).toBe('running');
    expect(callsAbout('dms', arn)).toHaveLength(0);
  });

  test('a role whose trust policy refuses the ExternalId fails with a reason naming the role', async () => {
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders-wrong-ext', region: 'eu-west-1', account: OTHER_ACCOUNT });
    const outcome = await stopTask(arn, { ...throughRole, [TargetProps.EXTERNAL_ID]: 'not-the-agreed-id' });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/Could not assume "assumedRoleArn" arn:aws:iam::444455556666:role\/cutover-target: .*AccessDenied.*"externalId"/);
    expect(rig.emulator.dms.task(arn)?.status).toBe('running');
  });

  test('a service call the assumed role may not make fails naming the role, the permission and its account', async () => {
    // GIVEN a task of another account, and a role there without dms:StopReplicationTask
    const arn = rig.emulator.dms.seedTask({ identifier: 'orders-role-denied', region: 'eu-west-1', account: OTHER_ACCOUNT });
    // (a missing permission denies every call: the first stop, and the one after the look)
    rig.emulator.faults.inject({ service: 'dms', operation: 'StopReplicationTask', kind: 'access-denied', count: 2, target: arn });
    // WHEN the resource is deleted through the role
    const outcome = await stopTask(arn, throughRole);
    // THEN the reason points at the role's permissions in its account, not at this stack's grants
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`as "assumedRoleArn" ${ROLE}`);
    expect(outcome.reason).toContain(`needs permission "dms:StopReplicationTask" in account ${OTHER_ACCOUNT}`);
  });
});
