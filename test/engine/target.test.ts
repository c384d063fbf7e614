import { DmsStopProps, ResourceTypes, sessionNameFor, TargetProps } from '../../contract';
import type { CutoverEvent } from '../../lambda/engine/event';
import { locateTarget } from '../../lambda/engine/target';

const TASK = 'arn:aws:dms:eu-west-1:444455556666:task:T';
const ROLE = 'arn:aws:iam::444455556666:role/cutover-target';

function event(extra: Partial<CutoverEvent> & { ServiceToken?: string }, properties: Record<string, unknown> = {}): CutoverEvent {
  return {
    RequestType: 'Delete',
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION_TASK,
    LogicalResourceId: 'StopOrders',
    ResourceProperties: { [DmsStopProps.REPLICATION_TASK_ARN]: TASK, ...properties },
    ...extra,
  };
}

const byArn = { prop: 'replicationTaskArn', arn: TASK };

describe('where the handler looks for a target', () => {
  test('a target ARN of the handler\'s own account (from the ServiceToken when there is no StackId) is looked for in the ARN\'s region', () => {
    // GIVEN an event whose only ARN of the handler is its ServiceToken, in the task's account
    const place = locateTarget(event({ ServiceToken: 'arn:aws:lambda:us-east-1:444455556666:function:onEvent' }), byArn, 'task');
    // THEN clients call eu-west-1 with the handler's own credentials
    expect(place).toEqual({ clients: { region: 'eu-west-1' }, region: 'eu-west-1', account: '444455556666' });
  });

  test('without StackId or ServiceToken, a target ARN fails rather than be looked for in an unknown account', () => {
    expect(() => locateTarget(event({}), byArn, 'DMS replication task T')).toThrow(/Cannot tell whether DMS replication task T is in this handler's account/);
  });

  test('through a role: the role, its external id and a session name of the resource', () => {
    const place = locateTarget(
      event({ StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/1' }, { [TargetProps.ASSUMED_ROLE_ARN]: ROLE, [TargetProps.EXTERNAL_ID]: 'ext-1' }),
      byArn,
      'task',
    );
    expect(place.clients).toEqual({ region: 'eu-west-1', assumeRole: { roleArn: ROLE, externalId: 'ext-1', sessionName: 'cdk-cutover-StopOrders' } });
    expect(place.account).toBe('444455556666');
  });

  test('a target without an ARN lives in its Region, in the role\'s account', () => {
    const place = locateTarget(
      event({ StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/1' }, { [TargetProps.REGION]: 'cn-north-1', [TargetProps.ASSUMED_ROLE_ARN]: ROLE }),
      undefined,
      'server',
    );
    expect(place).toMatchObject({ region: 'cn-north-1', account: '444455556666', clients: { region: 'cn-north-1' } });
  });
});

describe('the STS session name', () => {
  test('keeps to the 64 characters of [\\w+=,.@-] STS accepts', () => {
    const name = sessionNameFor(`Very/Long Id ${'x'.repeat(100)}`);
    expect(name).toMatch(/^cdk-cutover-Very-Long-Id-x+$/);
    expect(name).toHaveLength(64);
  });
});
