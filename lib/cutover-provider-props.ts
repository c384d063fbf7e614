import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';

/** Properties of `CutoverProvider`. */
export interface CutoverProviderProps {
  /**
   * Memory of the onEvent and isComplete handler functions, in MB (Lambda accepts 128 to 10,240).
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How long the handler and Provider framework logs are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the provider's log groups when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * A VPC to run the handler functions in, for accounts whose functions must reach AWS and other
   * endpoints through a NAT gateway, a proxy or VPC endpoints. The handlers need HTTPS egress to the
   * APIs of their operations' targets. The Provider framework's own functions stay outside the VPC.
   *
   * @default - the handlers run outside any VPC, with Lambda's own internet access
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Where in `vpc` to place the handlers' network interfaces. Requires `vpc`.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the VPC-attached handlers. Requires `vpc`.
   *
   * @default - a security group per handler function that allows all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The execution role of the onEvent and isComplete handler functions; it must trust
   * `lambda.amazonaws.com` (checked at synth for a role created in this app, not for an imported one). It receives the same grants as the provider's own role: one scoped
   * customer-managed policy per group of operations, and writing to the handler log groups
   * (attached from the policy side, so an imported role works too).
   *
   * @default - a role of the provider's own
   */
  readonly role?: iam.IRole;

  /**
   * How often the operations look at their targets while they wait. Every operation's `timeout`
   * must span at least two polls, and CloudFormation waits one poll longer than the timeout.
   *
   * @default Duration.seconds(10)
   */
  readonly queryInterval?: Duration;
}
