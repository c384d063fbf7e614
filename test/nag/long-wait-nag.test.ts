import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CutoverProvider } from '../../lib';
import { longSteps } from '../support/long-steps';
import { awsSolutionsFindings } from '../support/nag';

test('GIVEN steps that wait beyond one hour WHEN checked THEN the waiter, its role and the grants to start and stop it leave no AwsSolutions finding unacknowledged', () => {
  const findings = awsSolutionsFindings((app) => longSteps(new Stack(app, 'LongWait', { env: { account: '123456789012', region: 'us-east-1' } })));
  expect(findings).toEqual([]);
});

test('GIVEN steps beyond one hour on a VPC provider with an S3 endpoint WHEN checked THEN no AwsSolutions finding is left unacknowledged', () => {
  const findings = awsSolutionsFindings((app) => {
    const stack = new Stack(app, 'LongWaitVpc', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'HandlerVpc', { maxAzs: 1, natGateways: 1, flowLogs: { all: {} } });
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    longSteps(stack, new CutoverProvider(stack, 'Cutover', { vpc }));
  });
  expect(findings).toEqual([]);
});
