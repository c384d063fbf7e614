import { Stack } from 'aws-cdk-lib';
import { decodeTargetLocation, DmsStopProps, ResourceTypes, TargetProps } from '../../contract';
import { DmsStopReplicationTask, DrsStopReplication, RdsCancelExportTask } from '../../lib';
import { locateTarget } from '../../lambda/engine/target';
import { agreementSuite, expectSameVerdict, newStack, thrown } from './agreement';

const ROLE = 'arn:aws:iam::444455556666:role/cutover-target';

agreementSuite({
  prop: 'region',
  cases: [
    { name: 'commercial region', value: 'eu-west-1', valid: true },
    { name: 'China region', value: 'cn-north-1', valid: true },
    { name: 'GovCloud region', value: 'us-gov-west-1', valid: true },
    { name: 'availability zone', value: 'eu-west-1a', valid: false },
    { name: 'upper-case code', value: 'EU-WEST-1', valid: false },
    { name: 'region name', value: 'Europe (Ireland)', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new DrsStopReplication(stack, 'Stop', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true, region: value }),
  decode: (value) => decodeTargetLocation({ [TargetProps.REGION]: value }),
});

agreementSuite({
  prop: 'assumedRoleArn',
  cases: [
    { name: 'role ARN', value: ROLE, valid: true },
    { name: 'role ARN with a path', value: 'arn:aws:iam::444455556666:role/cutover/target', valid: true },
    { name: 'China role ARN', value: 'arn:aws-cn:iam::444455556666:role/cutover-target', valid: true },
    { name: 'role name', value: 'cutover-target', valid: false },
    { name: 'user ARN', value: 'arn:aws:iam::444455556666:user/alice', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new RdsCancelExportTask(stack, 'Cancel', { exportTaskIdentifier: 'nightly', assumedRoleArn: value }),
  decode: (value) => decodeTargetLocation({ [TargetProps.ASSUMED_ROLE_ARN]: value }),
});

agreementSuite({
  prop: 'externalId',
  cases: [
    { name: 'external id', value: 'cutover-ext-1', valid: true },
    { name: 'id with the punctuation STS allows', value: 'team+ops=1,a.b@c:d/e-f_g', valid: true },
    { name: 'one character', value: 'x', valid: false },
    { name: 'id with a space', value: 'has space', valid: false },
  ],
  synth: (stack, value) => new RdsCancelExportTask(stack, 'Cancel', { exportTaskIdentifier: 'nightly', assumedRoleArn: ROLE, externalId: value }),
  decode: (value) => decodeTargetLocation({ [TargetProps.ASSUMED_ROLE_ARN]: ROLE, [TargetProps.EXTERNAL_ID]: value }),
});

describe('"externalId" without "assumedRoleArn": construct and decode agree', () => {
  test('both refuse it', () => {
    const synthError = thrown(() => new RdsCancelExportTask(newStack(), 'Cancel', { exportTaskIdentifier: 'nightly', externalId: 'cutover-ext-1' }));
    const decodeError = thrown(() => decodeTargetLocation({ [TargetProps.EXTERNAL_ID]: 'cutover-ext-1' }));
    expectSameVerdict(synthError, decodeError, false);
    expect(synthError).toBe(decodeError);
  });
});

/** The handler's side of the account rule: where it would look for a task of the stack 123456789012. */
function locate(arn: string, role?: string): void {
  locateTarget(
    {
      RequestType: 'Delete',
      ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
      LogicalResourceId: 'Stop',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/1',
      ResourceProperties: { [DmsStopProps.REPLICATION_TASK_ARN]: arn, ...(role ? { [TargetProps.ASSUMED_ROLE_ARN]: role } : {}) },
    },
    { prop: 'replicationTaskArn', arn },
    `DMS replication task ${arn}`,
  );
}

describe('the account of a target ARN: construct (literal) and handler (resolved) agree', () => {
  test.each<[string, string, string | undefined, boolean]>([
    ['a task of the stack\'s account', 'arn:aws:dms:eu-west-1:123456789012:task:T', undefined, true],
    ['a task of another account without a role', 'arn:aws:dms:eu-west-1:444455556666:task:T', undefined, false],
    ['a task of another account through a role of that account', 'arn:aws:dms:eu-west-1:444455556666:task:T', ROLE, true],
    ['a task of another account through a role of a third account', 'arn:aws:dms:eu-west-1:444455556666:task:T', 'arn:aws:iam::777788889999:role/x', false],
    ['a task of the stack\'s account through a role of another account', 'arn:aws:dms:eu-west-1:123456789012:task:T', ROLE, false],
  ])('%s: both give the same verdict', (_name, arn, role, valid) => {
    const stack: Stack = newStack();
    const synthError = thrown(() => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: arn, assumedRoleArn: role }));
    const runError = thrown(() => locate(arn, role));
    expectSameVerdict(synthError, runError, valid);
    if (synthError) expect(runError).toContain(synthError);
  });
});
