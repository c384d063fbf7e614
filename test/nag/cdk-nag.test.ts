import { App, Validations } from 'aws-cdk-lib';
import { MigrationStack } from '../../bin/migration-stack';
import * as cutover from '../../lib';
import { CutoverProvider } from '../../lib/private/cutover-provider';
import { allConstructsStack } from '../support/all-constructs';
import { awsSolutionsFindings } from '../support/nag';

const LIBRARY_CLASSES = [
  CutoverProvider,
  cutover.DmsStopReplicationTask,
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
