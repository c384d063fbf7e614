import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export interface NagFinding {
  /** e.g. "AwsSolutions-IAM5[Resource::*]" */
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

/**
 * Synthesizes an app with cdk-nag's AwsSolutions pack as a CDK validation plugin and returns every
 * finding that was not acknowledged (cdk-nag v3 reports through CDK's validation report).
 */
export function awsSolutionsFindings(build: (app: App) => void): NagFinding[] {
  const outdir = mkdtempSync(join(tmpdir(), 'cutover-nag-'));
  try {
    const app = new App({ outdir });
    build(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
    } catch (error) {
      // Synthesis fails when the plugin reports violations; the report below lists them.
      if (!String(error).includes('Validation')) throw error;
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ violations?: Array<{ ruleName: string; severity: string; violatingConstructs: Array<{ constructPath: string }> }> }>;
    };
    return report.pluginReports.flatMap((plugin) =>
      (plugin.violations ?? []).flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, severity: v.severity, path: c.constructPath }))),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
