import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCustomResourceStack, COMPARED_OPERATION, cutoverStack, Footprint, measureFootprint, mixedStack, StackSpec } from '../../bench/footprint';
import { checkLeastPrivilege, DeployValueEstimator, iamChars, Template } from '../../bench/iam';
import { OPERATIONS } from '../../bench/operations';
import { perOperation } from '../../bench/report';
import { phaseOffsetsS, terraformStopWaiter } from '../../bench/waiting';

// A reduced run of `npm run bench`'s footprint measurement (N = 1 and 10), so the benchmark keeps
// working as the library changes. Timings are not asserted: this machine is shared.
const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
let outdir: string;
const footprints = new Map<string, Footprint>();

function measure(spec: StackSpec): Footprint {
  const f = measureFootprint(spec, join(outdir, `${spec.kind}-${spec.n}`), 1, README);
  footprints.set(`${spec.kind}-${spec.n}`, f);
  return f;
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'cutover-bench-'));
  for (const n of [1, 10]) {
    measure(cutoverStack(COMPARED_OPERATION, n));
    measure(awsCustomResourceStack(n));
  }
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const cutover = () => [footprints.get('cutover-1')!, footprints.get('cutover-10')!];
const acr = () => [footprints.get('aws-custom-resource-1')!, footprints.get('aws-custom-resource-10')!];

describe('stack footprint', () => {
  test('GIVEN 1 and 10 DmsStopReplicationTask, WHEN synthesized, THEN each extra operation adds one custom resource and no Lambda function', () => {
    const [one, ten] = cutover();
    expect(ten.resourcesByType['Custom::CutoverDmsStopReplicationTask'] - one.resourcesByType['Custom::CutoverDmsStopReplicationTask']).toBe(9);
    expect(ten.lambdaFunctions).toBe(one.lambdaFunctions);
    // Growth beyond the custom resources is only the shared managed policy the grants are packed into.
    expect(perOperation(cutover(), (f) => f.resources)).toBeLessThan(1.2);
  });

  test('GIVEN 1 and 10 AwsCustomResource stops, WHEN synthesized, THEN each extra operation adds a custom resource and an inline policy', () => {
    expect(perOperation(acr(), (f) => f.resources)).toBe(2);
    const [one, ten] = acr();
    expect(ten.resourcesByType['AWS::IAM::Policy'] - one.resourcesByType['AWS::IAM::Policy']).toBe(9);
  });

  test("GIVEN AwsCustomResource stops, WHEN their policies are measured, THEN the shared role's inline characters grow with every operation", () => {
    const growth = perOperation(acr(), (f) => f.largestRole.inlineChars);
    // One statement per task: Effect, one action and the task ARN, without white space.
    expect(growth).toBeGreaterThan(150);
    expect(growth).toBeLessThan(250);
  });

  test("GIVEN DmsStopReplicationTask, WHEN their policies are measured, THEN the handler role's inline policy stays the same size and grants go to managed policies", () => {
    const [one, ten] = cutover();
    const handlerRole = (f: Footprint) => f.roles.find((r) => r.logicalId.startsWith('CdkCutoverProviderHandlerRole'))!;
    expect(handlerRole(ten).inlineChars).toBe(handlerRole(one).inlineChars);
    expect(handlerRole(ten).managed.length).toBeGreaterThanOrEqual(1);
    expect(ten.quotas.all).toBe(true);
  });

  test('GIVEN 10 DmsStopReplicationTask, WHEN checked for least privilege, THEN every statement names a task, a stack resource or a documented "*" action', () => {
    const [, ten] = cutover();
    expect(ten.leastPrivilege.unexpectedResources).toEqual([]);
    expect(ten.leastPrivilege.unscopedActions).toEqual([{ action: 'dms:DescribeReplicationTasks', documented: true }]);
    expect(ten.leastPrivilege.ok).toBe(true);
  });

  test('GIVEN one of every construct, WHEN synthesized together, THEN they share one provider and every grant is scoped or documented', () => {
    const mixed = measure(mixedStack(OPERATIONS, OPERATIONS.length));
    expect(mixed.lambdaFunctions).toBe(cutover()[0].lambdaFunctions);
    expect(mixed.leastPrivilege.unexpectedResources).toEqual([]);
    expect(mixed.leastPrivilege.ok).toBe(true);
  });
});

describe('IAM measurement', () => {
  const template: Template = {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function' },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] },
        },
      },
    },
  };

  test('GIVEN a GetAtt of a function ARN, WHEN estimated, THEN it becomes a full Lambda ARN with a generated name of at most 64 characters', () => {
    const arn = new DeployValueEstimator(template, 'MyStack').resolve({ 'Fn::GetAtt': ['Fn', 'Arn'] }) as string;
    expect(arn).toMatch(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:MyStack-Fn-[A-Z]{13}$/);
    expect(arn.split(':function:')[1].length).toBeLessThanOrEqual(64);
  });

  test('GIVEN a policy written with white space, WHEN counted, THEN the white space is not counted', () => {
    expect(iamChars({ Effect: 'Allow', Action: 'a:B' })).toBe('{"Effect":"Allow","Action":"a:B"}'.length);
  });

  test('GIVEN an action on "*" that the README does not list, WHEN checked, THEN least privilege fails and names it', () => {
    const wildcard: Template = {
      Resources: {
        Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } },
      },
    };
    const report = checkLeastPrivilege(wildcard, 'MyStack', { targets: [], patterns: [] }, README);
    expect(report.ok).toBe(false);
    expect(report.unscopedActions).toEqual([{ action: 's3:GetObject', documented: false }]);
  });

  test('GIVEN a literal ARN that is not a target, WHEN checked, THEN it is reported as unexpected', () => {
    const stray: Template = {
      Resources: {
        Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dms:StopReplicationTask', Resource: 'arn:aws:dms:us-east-1:123456789012:task:*' }] } } },
      },
    };
    const report = checkLeastPrivilege(stray, 'MyStack', { targets: ['arn:aws:dms:us-east-1:123456789012:task:ONE'], patterns: [] }, README);
    expect(report.unexpectedResources).toEqual(['arn:aws:dms:us-east-1:123456789012:task:*']);
  });
});

describe('waiting reference', () => {
  test("GIVEN Terraform's stop waiter, WHEN a stop takes 30 s, THEN it completes 40 s later: first read at 60 s, a second at 70 s", () => {
    expect(terraformStopWaiter([30]).delaysS).toEqual([40]);
  });

  test("GIVEN Terraform's stop waiter, WHEN a stop takes 5 minutes or more, THEN it times out at its fixed 5 minutes", () => {
    expect(terraformStopWaiter([300, 3000]).timedOut).toBe(2);
  });

  test('GIVEN 5 phases, WHEN spread over a 10 s poll interval, THEN they sit at the middle of equal slices', () => {
    expect(phaseOffsetsS(5)).toEqual([1, 3, 5, 7, 9]);
  });
});
