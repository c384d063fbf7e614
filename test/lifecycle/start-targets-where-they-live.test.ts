import { DmsStartReplicationProps, DmsStartTaskProps, DrsStartProps, LifecycleEvent, ResourceTypes, TargetProps } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// The handler runs as a Lambda of the stack: us-east-1, account 123456789012; the starts act where their targets live.
const OTHER_ACCOUNT = '444455556666';
const ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/cutover-target`;
const EXTERNAL_ID = 'cutover-ext-8';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { dmsStarts: { startDurationMs: 200 }, dmsServerlessStarts: { startUpStepMs: 30 }, drsStarts: { initiatingMs: 50, initialSyncMs: 100 } } });
  rig.emulator.sts.registerRole({ roleArn: ROLE, externalId: EXTERNAL_ID, trustedAccounts: ['123456789012'] });
});
afterAll(() => rig.stop());

function create(resourceType: string, properties: Record<string, unknown>): CfnRequest {
  return {
    RequestType: 'Create',
    ResourceType: resourceType,
    LogicalResourceId: 'StartOrders',
    ResourceProperties: { ...properties, ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] }) },
  };
}

const callsAbout = (service: string, id: string) => rig.emulator.callLog({ service }).filter((c) => JSON.stringify(c.params).includes(id));
const throughRole = { [TargetProps.ASSUMED_ROLE_ARN]: ROLE, [TargetProps.EXTERNAL_ID]: EXTERNAL_ID };

test('a task of another account is started there through the assumed role, in its ARN\'s region', async () => {
  // GIVEN a stopped task in eu-west-1 of another account, reachable through a role there
  const arn = rig.emulator.dms.seedTask({ identifier: 'partner', status: 'stopped', region: 'eu-west-1', account: OTHER_ACCOUNT });
  // WHEN the stack creates the start step with that role
  const outcome = await rig.send(create(ResourceTypes.DMS_START_REPLICATION_TASK, { [DmsStartTaskProps.REPLICATION_TASK_ARN]: arn, ...throughRole }));
  // THEN the task runs, and every call about it was made in eu-west-1 as the other account
  expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'running', StartTypeSent: 'resume-processing' } });
  const calls = callsAbout('dms', arn);
  expect(calls.map((c) => c.operation)).toContain('StartReplicationTask');
  expect(calls.every((c) => c.region === 'eu-west-1' && c.account === OTHER_ACCOUNT)).toBe(true);
});

test('a task of another account without a role fails without looking in the wrong account', async () => {
  const arn = rig.emulator.dms.seedTask({ identifier: 'partner-no-role', status: 'stopped', region: 'eu-west-1', account: OTHER_ACCOUNT });
  const outcome = await rig.send(create(ResourceTypes.DMS_START_REPLICATION_TASK, { [DmsStartTaskProps.REPLICATION_TASK_ARN]: arn }));
  expect(outcome.status).toBe('FAILED');
  expect(outcome.reason).toContain('"assumedRoleArn"');
  expect(callsAbout('dms', arn)).toHaveLength(0);
});

test('a serverless replication of another account is started there through the assumed role', async () => {
  const arn = rig.emulator.dmsServerless.seedReplication({ identifier: 'partner-serverless', status: 'stopped', region: 'eu-west-1', account: OTHER_ACCOUNT });
  const outcome = await rig.send(create(ResourceTypes.DMS_START_REPLICATION, { [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: arn, ...throughRole }));
  expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Status: 'running' } });
  expect(callsAbout('dms', arn).every((c) => c.account === OTHER_ACCOUNT)).toBe(true);
});

test('a DRS source server is started in its "Region", as the stop finds it', async () => {
  const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED', region: 'eu-central-1' });
  const outcome = await rig.send(create(ResourceTypes.DRS_START_REPLICATION, { [DrsStartProps.SOURCE_SERVER_ID]: id, [TargetProps.REGION]: 'eu-central-1' }));
  expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Status: 'CONTINUOUS' } });
  expect(new Set(callsAbout('drs', id).map((c) => c.region))).toEqual(new Set(['eu-central-1']));
});

test('a DRS source server looked for in the wrong region is not found there, naming the region', async () => {
  const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED', region: 'eu-central-1' });
  const outcome = await rig.send(create(ResourceTypes.DRS_START_REPLICATION, { [DrsStartProps.SOURCE_SERVER_ID]: id }));
  expect(outcome.status).toBe('FAILED');
  expect(outcome.reason).toContain('region us-east-1');
});
