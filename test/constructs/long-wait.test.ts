import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CutoverOperation, CutoverProvider, DmsAssessmentRun, DmsStopReplicationTask, LifecycleEvent } from '../../lib';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ORDERSTASK';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/dms-assessment';

function gateStack(timeout?: Duration, runName = 'orders-pre-cutover', build?: (stack: Stack, gate: DmsAssessmentRun) => void): Template {
  const app = new App();
  const stack = new Stack(app, 'Migration', { env: { account: '123456789012', region: 'us-east-1' } });
  const gate = new DmsAssessmentRun(stack, 'Gate', {
    replicationTaskArn: TASK_ARN,
    serviceAccessRole: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN),
    resultLocationBucket: s3.Bucket.fromBucketName(stack, 'Results', 'orders-assessments'),
    assessmentRunName: runName,
    timeout,
  });
  build?.(stack, gate);
  return Template.fromStack(stack);
}

const ofType = (template: Template, type: string) => Object.keys(template.findResources(type));

describe('a timeout of at most one hour', () => {
  test('GIVEN a gate with a one-hour timeout WHEN synthesized THEN the template is today\'s: no wait condition, no handle, no waiter', () => {
    const template = gateStack(Duration.hours(1));
    expect(ofType(template, 'AWS::CloudFormation::WaitCondition')).toEqual([]);
    expect(ofType(template, 'AWS::CloudFormation::WaitConditionHandle')).toEqual([]);
    expect(ofType(template, 'AWS::StepFunctions::StateMachine')).toHaveLength(1); // the Provider framework's own waiter only
    template.hasResourceProperties('Custom::CutoverDmsAssessmentRun', Match.objectLike({ TimeoutSeconds: '3600', ServiceTimeout: '3600' }));
    expect(JSON.stringify(template.toJSON())).not.toContain('WaitHandle');
  });
});

describe('a timeout beyond one hour', () => {
  test('GIVEN a gate with a 3-hour timeout WHEN synthesized THEN a wait condition of 10800 s waits on its handle after the custom resource, and the custom resource carries the handle and the waiter', () => {
    const template = gateStack(Duration.hours(3));
    const [conditionId] = ofType(template, 'AWS::CloudFormation::WaitCondition');
    const [handleId] = ofType(template, 'AWS::CloudFormation::WaitConditionHandle');
    const [resourceId] = ofType(template, 'Custom::CutoverDmsAssessmentRun');
    const condition = template.toJSON().Resources[conditionId];
    expect(condition.Properties).toEqual({ Count: 1, Handle: { Ref: handleId }, Timeout: '10800' });
    expect(condition.DependsOn).toContain(resourceId);
    template.hasResourceProperties('Custom::CutoverDmsAssessmentRun', Match.objectLike({ WaitHandle: { Ref: handleId }, WaiterStateMachineArn: Match.anyValue() }));
  });

  test('GIVEN a 3-hour gate WHEN its attributes are read THEN they come from the result resource, which parses the wait condition\'s Data', () => {
    let status = '';
    const template = gateStack(Duration.hours(3), undefined, (stack, gate) => {
      status = stack.resolve(gate.status) as unknown as string;
    });
    const [resultId] = ofType(template, 'Custom::CutoverLongWaitResult');
    const [conditionId] = ofType(template, 'AWS::CloudFormation::WaitCondition');
    expect(status).toEqual({ 'Fn::GetAtt': [resultId, 'Status'] });
    template.hasResourceProperties('Custom::CutoverLongWaitResult', { WaitConditionData: { 'Fn::GetAtt': [conditionId, 'Data'] } });
  });

  test('GIVEN a 3-hour gate before a stop WHEN synthesized THEN the stop depends on the wait condition, so it really waits', () => {
    const template = gateStack(Duration.hours(3), undefined, (stack, gate) => {
      const stop = new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN.replace('ORDERSTASK', 'OTHERTASK') });
      CutoverOperation.sequence(gate, stop);
    });
    const [conditionId] = ofType(template, 'AWS::CloudFormation::WaitCondition');
    const [stopId] = ofType(template, 'Custom::CutoverDmsStopReplicationTask');
    expect(template.toJSON().Resources[stopId].DependsOn).toContain(conditionId);
  });

  test('GIVEN a gate whose properties change WHEN synthesized again THEN its wait condition and handle get new logical ids; unchanged, they keep theirs', () => {
    const ids = (template: Template) => [...ofType(template, 'AWS::CloudFormation::WaitCondition'), ...ofType(template, 'AWS::CloudFormation::WaitConditionHandle')];
    const first = ids(gateStack(Duration.hours(3)));
    const unchanged = ids(gateStack(Duration.hours(3)));
    const changed = ids(gateStack(Duration.hours(3), 'orders-second-check'));
    expect(unchanged).toEqual(first);
    expect(changed).toHaveLength(2);
    for (const id of changed) expect(first).not.toContain(id);
  });

  test('GIVEN a 3-hour gate WHEN synthesized THEN the handler may start only the provider\'s waiter and read or stop only its executions', () => {
    const template = gateStack(Duration.hours(3));
    const [machineId] = Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).find(([, r]) => JSON.stringify(r).includes('long-waiting step'))!;
    const policies = JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).toContain(`"Action":"states:StartExecution","Effect":"Allow","Resource":{"Ref":"${machineId}"}`);
    expect(policies).toMatch(new RegExp(`"Action":\\["states:DescribeExecution","states:StopExecution"\\].*execution:",\\{"Fn::GetAtt":\\["${machineId}","Name"\\]\\},":\\*"`));
  });

  test('GIVEN a teardown-only stop with a 2-hour timeout WHEN synthesized THEN it is refused, naming "timeout" and the one-hour limit of a Delete', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN, timeout: Duration.hours(2) })).toThrow(
      /"timeout" is 2 hours; it must be between 20 seconds and 1 hour, because this step runs only on Delete, and a Delete waits at most 1 hour/,
    );
  });

  test('GIVEN a stop on CREATE with a 2-hour timeout WHEN synthesized THEN it waits through a wait condition', () => {
    const stack = new Stack(new App(), 'S');
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN, timeout: Duration.hours(2), runOn: [LifecycleEvent.CREATE] });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::WaitCondition', { Timeout: '7200' });
  });

  test('GIVEN a timeout above 12 hours WHEN synthesized THEN it is refused, naming "timeout" and the wait condition\'s limit', () => {
    expect(() => gateStack(Duration.hours(13))).toThrow(/"timeout" is 13 hours; it must be between 20 seconds and 12 hours/);
  });

  test('GIVEN waitForCompletion false with a 2-hour timeout WHEN synthesized THEN it is refused, since nothing waits', () => {
    const stack = new Stack(new App(), 'S');
    expect(
      () => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN, timeout: Duration.hours(2), runOn: [LifecycleEvent.CREATE], waitForCompletion: false }),
    ).toThrow(/"waitForCompletion" is false/);
  });

  test('GIVEN a long step on a VPC provider without S3 endpoint or NAT WHEN synthesized THEN a warning says the signal needs a route to S3', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const provider = new CutoverProvider(stack, 'Cutover', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN, timeout: Duration.hours(2), runOn: [LifecycleEvent.CREATE], provider });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('no S3 gateway endpoint and no NAT gateway'));
  });

  test('GIVEN the same VPC with an S3 gateway endpoint WHEN synthesized THEN no such warning', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const provider = new CutoverProvider(stack, 'Cutover', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: TASK_ARN, timeout: Duration.hours(2), runOn: [LifecycleEvent.CREATE], provider });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('S3'));
  });
});
