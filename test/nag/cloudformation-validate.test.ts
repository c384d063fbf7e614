import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CutoverProvider } from '../../lib';
import { allConstructsStack } from '../support/all-constructs';
import { longSteps } from '../support/long-steps';

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
    longSteps(new Construct(stack, 'LongWaits'), provider);
  });
  const validate = report.pluginReports.find((r) => r.pluginName === 'CloudFormation Validate');
  expect(validate).toBeDefined();
  expect(validate!.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
  expect(validate!.conclusion).toBe('success');
});
