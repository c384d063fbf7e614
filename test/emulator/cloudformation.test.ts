import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Emulator } from '../../emulator';
import { clientConfig } from './clients';

let emulator: Emulator;
let cfn: CloudFormationClient;
beforeAll(async () => {
  emulator = await Emulator.start();
  cfn = new CloudFormationClient(clientConfig(emulator));
});
afterAll(() => emulator.stop());

describe('DescribeStacks', () => {
  test('returns the status a test set, by StackId', async () => {
    // GIVEN a stack that is rolling back
    const stackId = emulator.cloudformation.seedStack({ stackName: 'app' });
    emulator.cloudformation.setStackStatus(stackId, 'UPDATE_ROLLBACK_IN_PROGRESS', 'Resource failed');
    // WHEN it is described by its StackId
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
    // THEN the client reads the status, reason and id
    expect(out.Stacks).toHaveLength(1);
    expect(out.Stacks![0]).toMatchObject({ StackId: stackId, StackName: 'app', StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', StackStatusReason: 'Resource failed' });
    expect(out.Stacks![0].CreationTime).toBeInstanceOf(Date);
  });

  test('a nested stack carries ParentId and RootId', async () => {
    // GIVEN root → child → grandchild
    const root = emulator.cloudformation.seedStack({ stackName: 'root' });
    const child = emulator.cloudformation.seedStack({ stackName: 'root-child', parentId: root });
    const grandchild = emulator.cloudformation.seedStack({ stackName: 'root-child-gc', parentId: child });
    // WHEN the grandchild is described
    const out = await cfn.send(new DescribeStacksCommand({ StackName: grandchild }));
    // THEN its parent is the child and its root the root stack
    expect(out.Stacks![0]).toMatchObject({ ParentId: child, RootId: root });
  });

  test('an unknown stack is ValidationError "Stack with id X does not exist" (400)', async () => {
    const missing = 'arn:aws:cloudformation:us-east-1:123456789012:stack/gone/00000000-0000-0000-0000-000000000000';
    const error = await cfn.send(new DescribeStacksCommand({ StackName: missing })).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'ValidationError', message: `Stack with id ${missing} does not exist`, $metadata: { httpStatusCode: 400 } });
  });

  test('a deleted stack is found by StackId but no longer by name', async () => {
    // GIVEN a deleted stack
    const stackId = emulator.cloudformation.seedStack({ stackName: 'deleted-app' });
    emulator.cloudformation.setStackStatus(stackId, 'DELETE_COMPLETE');
    // WHEN it is described by id and by name
    const byId = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
    const byName = await cfn.send(new DescribeStacksCommand({ StackName: 'deleted-app' })).catch((e: Error) => e);
    // THEN only the id still finds it
    expect(byId.Stacks![0].StackStatus).toBe('DELETE_COMPLETE');
    expect(byName).toMatchObject({ name: 'ValidationError' });
  });

  test('a stack of another region does not exist for this region\'s client', async () => {
    // GIVEN a stack in eu-west-1
    const stackId = emulator.cloudformation.seedStack({ stackName: 'eu-app', region: 'eu-west-1' });
    // WHEN a us-east-1 client describes it
    const error = await cfn.send(new DescribeStacksCommand({ StackName: stackId })).catch((e: Error) => e);
    // THEN it is not found there, while a eu-west-1 client finds it
    expect(error).toMatchObject({ name: 'ValidationError' });
    const eu = new CloudFormationClient(clientConfig(emulator, { region: 'eu-west-1' }));
    expect((await eu.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks).toHaveLength(1);
  });

  test('injected faults apply: a server error reaches the client as a 500', async () => {
    // GIVEN a server error armed for DescribeStacks
    const stackId = emulator.cloudformation.seedStack({ stackName: 'faulty' });
    emulator.faults.inject({ kind: 'server-error', service: 'cloudformation', operation: 'DescribeStacks' });
    // WHEN it is described once, without retries
    const error = await cfn.send(new DescribeStacksCommand({ StackName: stackId })).catch((e: Error) => e);
    // THEN the client sees InternalFailure 500
    expect(error).toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
  });
});
