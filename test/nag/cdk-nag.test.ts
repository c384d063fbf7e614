import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MigrationStack } from '../../bin/migration-stack';
import * as cutover from '../../lib';
import { allConstructsStack } from '../support/all-constructs';
import { awsSolutionsFindings } from '../support/nag';

const LIBRARY_CLASSES = [
  cutover.CutoverProvider,
  cutover.DmsStopReplicationTask,
  cutover.DmsStopReplication,
  cutover.DmsAssessmentRun,
  cutover.DrsStopReplication,
  cutover.RdsCancelExportTask,
  cutover.HuaweiDcsStopMigrationTask,
];

// Every reason must point at a limitation outside our control, documented by AWS or aws-cdk-lib.
const DOCUMENTED_LIMITATION = /Service Authorization Reference|AWS documents|Lambda documents|Lambda authorizes|aws-cdk-lib's Provider/;

test('a stack with every construct, several instances each, has no unacknowledged AwsSolutions finding', () => {
  const findings = awsSolutionsFindings((app) => allConstructsStack(app));
  expect(findings).toEqual([]);
});

test('GIVEN every construct on a CutoverProvider in a VPC, WHEN checked, THEN no AwsSolutions finding is left unacknowledged', () => {
  const findings = awsSolutionsFindings((app) =>
    allConstructsStack(app, 'OnVpcProvider', (stack) => {
      const vpc = new ec2.Vpc(stack, 'HandlerVpc', { maxAzs: 2, natGateways: 1, flowLogs: { all: {} } });
      return new cutover.CutoverProvider(stack, 'Cutover', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    }),
  );
  expect(findings).toEqual([]);
});

test("GIVEN every construct on a CutoverProvider with the user's own role, WHEN checked, THEN no AwsSolutions finding is left unacknowledged", () => {
  const findings = awsSolutionsFindings((app) =>
    allConstructsStack(app, 'OnUserRole', (stack) => {
      const role = new iam.Role(stack, 'CutoverHandlerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      return new cutover.CutoverProvider(stack, 'Cutover', { role });
    }),
  );
  expect(findings).toEqual([]);
});

test("GIVEN every construct on a VPC CutoverProvider with an imported role, WHEN checked, THEN no AwsSolutions finding is left unacknowledged", () => {
  const findings = awsSolutionsFindings((app) =>
    allConstructsStack(app, 'OnImportedRole', (stack) => {
      const vpc = new ec2.Vpc(stack, 'HandlerVpc', { maxAzs: 1, natGateways: 1, flowLogs: { all: {} } });
      const role = iam.Role.fromRoleArn(stack, 'ImportedRole', 'arn:aws:iam::123456789012:role/cutover-handler', { mutable: false });
      return new cutover.CutoverProvider(stack, 'Cutover', { vpc, role });
    }),
  );
  expect(findings).toEqual([]);
});

test('the example app has no unacknowledged AwsSolutions finding', () => {
  const findings = awsSolutionsFindings((app) => new MigrationStack(app, 'Example', { env: { account: '123456789012', region: 'us-east-1' } }));
  expect(findings).toEqual([]);
});

test('every acknowledgement the library makes carries a reason tied to a documented limitation', () => {
  const app = new App();
  const stack = allConstructsStack(app);
  // Only what the library's constructs create: the user's own resources and acknowledgements are not ours.
  const libraryConstructs = stack.node.children.filter((c) => LIBRARY_CLASSES.some((cls) => c instanceof cls));
  expect(libraryConstructs.length).toBeGreaterThan(10);
  const acknowledgements = libraryConstructs
    .flatMap((c) => c.node.findAll())
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    // Recorded as { "<kind>::<rule id>": "<reason>" }.
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
  expect(acknowledgements.length).toBeGreaterThan(0);
  for (const ack of acknowledgements) expect(`${ack.id}: ${ack.reason}`).toMatch(DOCUMENTED_LIMITATION);
});

test("GIVEN teardown operations in a nested stack, WHEN checked, THEN the grant on the root stack's ARN by name is acknowledged and nothing else is left", () => {
  const findings = awsSolutionsFindings((app) => {
    const root = new Stack(app, 'RootOfNested', { env: { account: '123456789012', region: 'us-east-1' } });
    const nested = new NestedStack(root, 'Teardowns');
    new cutover.DrsStopReplication(nested, 'Decommission', { sourceServerId: 's-1234567890abcdef0', acknowledgeSnapshotDeletion: true });
    new cutover.RdsCancelExportTask(nested, 'CancelExport', { exportTaskIdentifier: 'nightly' });
  });
  expect(findings).toEqual([]);
});
