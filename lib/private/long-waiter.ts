import { Annotations, ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { waiterDefinition } from '../../contract';
import { nagResource } from './nag-acknowledgements';
import { DEFAULT_LOG_RETENTION } from './provider-settings';

/** A provider's waiter of long-waiting steps and the grants a step needs to start and stop it. */
export interface LongWaiter {
  readonly stateMachine: sfn.StateMachine;
  /** The Lambda function the Look state invokes (the handler's `waitStep`, on the handler role). */
  readonly function: lambda.Function;
  /** What the handler needs to start, read and stop this waiter's executions, and nothing else. */
  readonly statements: iam.PolicyStatement[];
  /** The ARN pattern of this waiter's executions. */
  readonly executions: string;
}

export interface LongWaiterOptions {
  readonly makeFunction: (name: string, handler: string) => lambda.Function;
  readonly logRetention?: logs.RetentionDays;
  readonly logRemovalPolicy?: RemovalPolicy;
  readonly vpc?: ec2.IVpc;
}

/**
 * The waiter: a Step Functions standard workflow (up to a year per execution; stopped by
 * StopExecution at once) that waits, invokes the handler's `waitStep` for one look, and loops until
 * the handler says the step is over and has signalled its wait condition. Its definition is the
 * contract's, which the emulator runs too.
 */
export function createLongWaiter(scope: Construct, options: LongWaiterOptions): LongWaiter {
  const fn = options.makeFunction('LongWait', 'index.waitStep');
  const logGroup = new logs.LogGroup(scope, 'LongWaitWaiterLogs', {
    retention: options.logRetention ?? DEFAULT_LOG_RETENTION,
    removalPolicy: options.logRemovalPolicy,
  });
  const stateMachine = new sfn.StateMachine(scope, 'LongWaitWaiter', {
    definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(waiterDefinition())),
    definitionSubstitutions: { WaiterFunctionArn: fn.functionArn },
    stateMachineType: sfn.StateMachineType.STANDARD,
    // Execution data holds the wait-condition handle (a pre-signed URL): logged without it.
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
    comment: 'cdk-cutover: waits beyond one hour for the steps of this provider and signals their wait conditions',
  });
  fn.grantInvoke(stateMachine);
  acknowledgeWaiterFindings(stateMachine, fn);
  if (options.vpc) annotateS3Route(scope, options.vpc);
  const stack = Stack.of(scope);
  const executions = stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachine.stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return {
    stateMachine,
    function: fn,
    executions,
    statements: [
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachine.stateMachineArn] }),
      new iam.PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [executions] }),
    ],
  };
}

/** The waiter's cdk-nag findings that AWS's own rules leave no other way to settle. */
function acknowledgeWaiterFindings(stateMachine: sfn.StateMachine, fn: lambda.Function): void {
  const stack = Stack.of(stateMachine);
  const ack = (resource: string, reason: string) =>
    Validations.of(stateMachine).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  ack(
    `${nagResource(stack, fn.functionArn)}:*`,
    "Lambda authorizes invoking a function's versions and aliases only through the qualified ARN <function-arn>:*; the wildcard covers qualifiers of this one function",
  );
  ack(
    '*',
    'The Service Authorization Reference lists the CloudWatch Logs delivery actions (logs:CreateLogDelivery, GetLogDelivery, …) that Step Functions ' +
      'logging needs and the X-Ray actions (xray:PutTraceSegments, …) of tracing without resource-level permissions, so they are granted on "*"',
  );
}

/** The execution ARNs of the waiter carry names derived from each handle, unknown at synth. */
export function acknowledgeExecutionPattern(policy: Construct, executions: string): void {
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagResource(Stack.of(policy), executions)}]`,
    reason:
      'The Service Authorization Reference defines the Step Functions execution resource as arn:…:execution:<stateMachineName>:<executionId>; each ' +
      "execution's name derives from its wait-condition handle, known only at deploy time, so the grant covers executions of the library's one waiter state machine",
  });
}

/**
 * The signal is an HTTPS PUT to Amazon S3: a VPC-placed waiter needs a route there (an S3 gateway
 * endpoint, or a NAT gateway). Checked where the VPC is defined in this app; an imported VPC cannot
 * be inspected.
 */
function annotateS3Route(scope: Construct, vpc: ec2.IVpc): void {
  const found = vpc.node.findAll();
  const s3Endpoint = found.some((c) => c instanceof ec2.CfnVPCEndpoint && /s3/i.test(JSON.stringify(Stack.of(c).resolve(c.serviceName))));
  const nat = found.some((c) => c instanceof ec2.CfnNatGateway);
  if (s3Endpoint || nat) return;
  const defined = vpc instanceof ec2.Vpc;
  Annotations.of(scope).addWarningV2(
    'cdk-cutover:long-wait-s3-route',
    defined
      ? `A step waits beyond one hour on this provider in VPC ${vpc.node.path}, which has no S3 gateway endpoint and no NAT gateway: the waiter ` +
          'signals the wait condition with an HTTPS PUT to Amazon S3 and would fail. Add vpc.addGatewayEndpoint(\'S3\', { service: ec2.GatewayVpcEndpointAwsService.S3 }) or a NAT gateway.'
      : `A step waits beyond one hour on this provider in the imported VPC ${vpc.vpcId}: make sure its subnets route to Amazon S3 (an S3 gateway endpoint or a NAT ` +
          'gateway), since the waiter signals the wait condition with an HTTPS PUT to S3.',
  );
}
