import type { AssemblyStack, Template } from '../../emulator/rehearsal/assembly';
import { resolversFor } from '../../emulator/rehearsal/intrinsics';
import { parseFaults } from '../../emulator/rehearsal/faults';
import { FaultPlan } from '../../emulator/core/faults';

function stack(id: string, template: Template, dependencies: string[] = []): AssemblyStack {
  return { id, displayName: id, stackName: id, account: '111122223333', region: 'eu-central-1', template, assemblyDir: '/nowhere', dependencies };
}

const TEMPLATE: Template = {
  Parameters: { Env: { Type: 'String', Default: 'prod' } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
  Mappings: { Sizes: { prod: { Class: 'dms.r5.large' } } },
  Resources: {
    Task: { Type: 'AWS::DMS::ReplicationTask', Properties: { MigrationType: 'cdc' } },
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'assess' } },
    Bucket: { Type: 'AWS::S3::Bucket' },
  },
  Outputs: { TaskArn: { Value: { Ref: 'Task' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-task' } } } },
};

describe('intrinsic resolution', () => {
  const resolvers = resolversFor([stack('Producer', TEMPLATE), stack('Consumer', { Resources: {} }, ['Producer'])]);
  const producer = resolvers.get('Producer')!;
  const consumer = resolvers.get('Consumer')!;

  test('Ref of a CfnReplicationTask is a task ARN in the stack\'s account and region, the same every time', () => {
    const arn = producer.resolve({ Ref: 'Task' });
    expect(arn).toMatch(/^arn:aws:dms:eu-central-1:111122223333:task:[A-Z0-9]{26}$/);
    expect(resolversFor([stack('Producer', TEMPLATE)]).get('Producer')!.resolve({ Ref: 'Task' })).toBe(arn);
  });

  test('a replaced resource gets a new physical id', () => {
    const resolver = resolversFor([stack('Producer', TEMPLATE)]).get('Producer')!;
    const before = resolver.resolve({ Ref: 'Task' });
    resolver.physicalIds.replace('Task');
    expect(resolver.resolve({ Ref: 'Task' })).not.toBe(before);
  });

  test('Fn::GetAtt, Fn::Join, Fn::Sub and pseudo parameters evaluate as CloudFormation does', () => {
    expect(producer.resolve({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('arn:aws:iam::111122223333:role/assess');
    expect(producer.resolve({ 'Fn::Join': ['/', [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::Region' }]] })).toBe('aws/eu-central-1');
    expect(producer.resolve({ 'Fn::Sub': ['${Role.Arn}|${X}|${!Literal}', { X: { Ref: 'AWS::AccountId' } }] })).toBe(
      'arn:aws:iam::111122223333:role/assess|111122223333|${Literal}',
    );
    expect(producer.resolve({ Ref: 'Bucket' })).toMatch(/^producer-bucket-[a-z0-9]{12}$/);
  });

  test('conditions, Fn::If, Fn::FindInMap, Fn::Select/Split and AWS::NoValue evaluate', () => {
    expect(producer.resolve({ 'Fn::If': ['IsProd', { 'Fn::FindInMap': ['Sizes', 'prod', 'Class'] }, 'small'] })).toBe('dms.r5.large');
    expect(producer.resolve({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
    expect(producer.resolve({ Keep: 1, Drop: { Ref: 'AWS::NoValue' } })).toEqual({ Keep: 1 });
  });

  test('Fn::ImportValue finds the export of another stack of the assembly, and its source resource', () => {
    const imported = { 'Fn::ImportValue': 'Producer-task' };
    expect(consumer.resolve(imported)).toBe(producer.resolve({ Ref: 'Task' }));
    expect(consumer.sourceOf(imported)).toMatchObject({ logicalId: 'Task', sameStack: false });
  });

  test('an import nobody exports says which stacks to rehearse together', () => {
    expect(() => consumer.resolve({ 'Fn::ImportValue': 'Nope' })).toThrow(/exported by no stack of this cloud assembly; rehearse together with the stack that exports it/);
  });
});

describe('--faults', () => {
  test('a name alone hits one handler invocation\'s three SDK attempts; a count and a target narrow it', () => {
    expect(parseFaults('throttle, access-denied:2@StopReplicationTask,drop@rds')).toEqual([
      { kind: 'throttle', count: 3 },
      { kind: 'access-denied', count: 2, operation: 'StopReplicationTask' },
      { kind: 'drop', count: 3, service: 'rds' },
    ]);
  });

  test('access-denied without a count denies every matching call, as a missing permission does', () => {
    // GIVEN the fault as a user writes it
    const [fault] = parseFaults('access-denied@StopReplicationTask');
    // WHEN the rehearsal's calls meet it, far more often than any rehearsal calls one action
    const plan = new FaultPlan();
    plan.inject(fault);
    const answers = Array.from({ length: 1000 }, () => plan.take('dms', 'StopReplicationTask')?.kind);
    // THEN each is denied, and other actions are not
    expect(new Set(answers)).toEqual(new Set(['access-denied']));
    expect(plan.take('dms', 'DescribeReplicationTasks')).toBeUndefined();
  });

  test('slow answers late by a fixed real delay', () => {
    expect(parseFaults('slow:1')).toEqual([{ kind: 'slow', count: 1, delayMs: 1500 }]);
  });
});
