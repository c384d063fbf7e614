#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { MigrationStack } from './migration-stack';

// The example app: a DMS migration whose teardown is safe. Synthesizes without an AWS account.
const app = new App();
new MigrationStack(app, 'CutoverExampleStack', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
});
app.synth();
