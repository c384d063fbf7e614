import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { acknowledgeNetworkInterfaces, acknowledgeUnscopedActions } from './nag-acknowledgements';

/** Where VPC-attached handler functions run. */
export interface ProviderNetwork {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * What Lambda needs to manage the network interfaces of VPC-attached functions (it checks them
 * when it creates a function; aws-cdk-lib adds AWSLambdaVPCAccessExecutionRole only to roles it
 * creates). Scoped as Lambda's documentation allows
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions):
 * interfaces in this account and region, the selected subnets and the functions' security groups;
 * only the Describe actions need "*". `grant` adds a statement to the handler role's policy, and
 * `policyHolder` is the construct whose policy holds them (it carries the acknowledgements).
 */
export function grantNetworkInterfaces(
  grant: (statement: iam.PolicyStatement) => void,
  policyHolder: () => IConstruct,
  network: ProviderNetwork,
  functions: lambda.Function[],
): void {
  const stack = Stack.of(functions[0]);
  const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
  const interfaces = arn('network-interface', '*');
  const subnets = network.vpc.selectSubnets(network.vpcSubnets).subnetIds.map((id) => arn('subnet', id));
  const groups = [...new Set(functions.flatMap((fn) => fn.connections.securityGroups.map((sg) => sg.securityGroupId)))].map((id) =>
    arn('security-group', id),
  );
  grant(new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: [interfaces, ...subnets, ...groups] }));
  grant(
    new iam.PolicyStatement({
      actions: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: [interfaces],
    }),
  );
  const describe = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'];
  grant(new iam.PolicyStatement({ actions: describe, resources: ['*'] }));
  acknowledgeUnscopedActions(policyHolder(), describe);
  acknowledgeNetworkInterfaces(policyHolder(), interfaces);
}

/** A short stable key of a network placement: the VPC, the selected subnets and the security groups. */
export function networkKey(stack: Stack, network: ProviderNetwork): string {
  const placement = stack.resolve({
    vpc: network.vpc.vpcId,
    subnets: network.vpc.selectSubnets(network.vpcSubnets).subnetIds,
    securityGroups: (network.securityGroups ?? []).map((sg) => sg.securityGroupId),
  });
  return createHash('sha256').update(JSON.stringify(placement)).digest('hex').slice(0, 8);
}
