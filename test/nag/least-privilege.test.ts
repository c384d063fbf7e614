import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { allConstructsStack } from '../support/all-constructs';

// From the Service Authorization Reference: actions with no resource type, for which IAM only
// accepts "*". Every other action must be scoped to resources.
const NO_RESOURCE_TYPES = new Set([
  'dms:DescribeReplicationTasks',
  'dms:DescribeReplications',
  'dms:DescribeReplicationTaskIndividualAssessments',
  // Its request carries only filters (no ARN), so IAM can only authorize it against "*".
  'dms:DescribeReplicationTaskAssessmentRuns',
  'drs:DescribeSourceServers',
  'rds:CancelExportTask',
  'rds:DescribeExportTasks',
  // Lambda's management of a VPC-attached function's network interfaces.
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  // Reading metrics (stopWhenCaughtUp): no resource type for metrics, only the optional OTLP dataset.
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  // CloudWatch Logs vended log delivery, used by the Step Functions waiter's logging.
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

function statementsOf(template: Template): Array<{ owner: string; statement: Statement }> {
  const out: Array<{ owner: string; statement: Statement }> = [];
  const collect = (owner: string, document: { Statement?: Statement[] } | undefined) => {
    for (const statement of document?.Statement ?? []) out.push({ owner, statement });
  };
  for (const [id, r] of Object.entries(template.findResources('AWS::IAM::Policy'))) collect(id, r.Properties.PolicyDocument);
  for (const [id, r] of Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))) collect(id, r.Properties.PolicyDocument);
  for (const [id, r] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const p of r.Properties.Policies ?? []) collect(id, p.PolicyDocument);
  }
  return out;
}

const isStar = (resource: unknown) => resource === '*' || (Array.isArray(resource) && resource.includes('*'));

test('no statement grants an action that supports resource-level permissions on "*"', () => {
  const template = Template.fromStack(allConstructsStack(new App()));
  const statements = statementsOf(template);
  expect(statements.length).toBeGreaterThan(5);
  const offending = statements
    .filter(({ statement }) => statement.Effect === 'Allow' && isStar(statement.Resource))
    .flatMap(({ owner, statement }) => [statement.Action].flat().filter((a) => !NO_RESOURCE_TYPES.has(a)).map((a) => `${owner}: ${a}`));
  expect(offending).toEqual([]);
});

test('no statement uses a wildcard action', () => {
  const template = Template.fromStack(allConstructsStack(new App()));
  const wildcards = statementsOf(template).flatMap(({ owner, statement }) =>
    [statement.Action].flat().filter((a) => a.includes('*')).map((a) => `${owner}: ${a}`),
  );
  expect(wildcards).toEqual([]);
});
