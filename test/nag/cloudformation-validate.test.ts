import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CutoverProvider, DmsAssessmentRun, DmsStopReplicationTask, LifecycleEvent } from '../../lib';
import { allConstructsStack } from '../support/all-constructs';

// The rest of the suite synthesizes with aws-cdk-lib's template validation off (test/support/synth-validation.ts);
// here it is on, as in a user's `cdk synth`, over every construct and both ways a step can wait.
interface ValidationReport {
  readonly pluginReports: Array<{ readonly pluginName: string; readonly conclusion: string; readonly violations: Array<{ ruleName: string; description: string }> }>;
}

function synthesizeWithValidation(build: (app: App) => void): ValidationReport {
  const saved = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  const outdir = mkdtempSync(join(tmpdir(), 'cutover-cfn-validate-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  } finally {
    if (saved !== undefined) process.env.CDK_VALIDATION = saved;
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('GIVEN every construct, steps that wait beyond one hour and a provider with its own settings WHEN synthesized with aws-cdk-lib\'s CloudFormation validation THEN it reports no violation', () => {
  const report = synthesizeWithValidation((app) => {
    const stack = allConstructsStack(app);
    const provider = new CutoverProvider(stack, 'TunedProvider', { memorySize: 512, logRetention: logs.RetentionDays.ONE_MONTH, queryInterval: Duration.seconds(20) });
    const gate = new DmsAssessmentRun(stack, 'LongGate', {
      replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:LONGTASK00000000000000000',
      serviceAccessRole: iam.Role.fromRoleArn(stack, 'LongGateRole', 'arn:aws:iam::123456789012:role/dms-assessment', { mutable: false }),
      resultLocationBucket: s3.Bucket.fromBucketName(stack, 'LongGateResults', 'orders-assessments'),
      timeout: Duration.hours(5),
      provider,
    });
    gate.next(
      new DmsStopReplicationTask(stack, 'LongCutoverStop', {
        replicationTaskArn: 'arn:aws:dms:us-east-1:123456789012:task:LONGTASK00000000000000000',
        runOn: [LifecycleEvent.CREATE],
        timeout: Duration.hours(2),
        provider,
      }),
    );
  });
  const validate = report.pluginReports.find((r) => r.pluginName === 'CloudFormation Validate');
  expect(validate).toBeDefined();
  expect(validate!.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
  expect(validate!.conclusion).toBe('success');
});
