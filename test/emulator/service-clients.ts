import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DatabaseMigrationServiceClient, DescribeReplicationTasksCommand } from '@aws-sdk/client-database-migration-service';
import { DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { DescribeExportTasksCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Emulator } from '../../emulator';
import { ClientOptions, clientConfig } from './clients';

/** The wire protocol a service answers in, which decides its authentication error vocabulary. */
export type Protocol = 'awsJson' | 'awsQueryCompatibleJson' | 'awsQuery' | 'restJson';

/** One AWS service the emulator serves, called once with a real SDK client and a harmless read. */
export interface ServiceCall {
  readonly service: string;
  readonly protocol: Protocol;
  call(emulator: Emulator, options?: ClientOptions & { systemClockOffset?: number }): Promise<unknown>;
}

/** Every SigV4 service of the emulator, with a read that needs no seeded resource (or answers not-found). */
export const SERVICE_CALLS: readonly ServiceCall[] = [
  { service: 'dms', protocol: 'awsJson', call: (e, o) => new DatabaseMigrationServiceClient(config(e, o)).send(new DescribeReplicationTasksCommand({})) },
  { service: 'secretsmanager', protocol: 'awsJson', call: (e, o) => new SecretsManagerClient(config(e, o)).send(new GetSecretValueCommand({ SecretId: 'absent' })) },
  // JSON 1.0 with awsQuery compatibility: the client names errors by the awsQuery code of x-amzn-query-error.
  { service: 'cloudwatch', protocol: 'awsQueryCompatibleJson', call: (e, o) => new CloudWatchClient(config(e, o)).send(new ListMetricsCommand({})) },
  { service: 'rds', protocol: 'awsQuery', call: (e, o) => new RDSClient(config(e, o)).send(new DescribeExportTasksCommand({})) },
  { service: 'sts', protocol: 'awsQuery', call: (e, o) => new STSClient(config(e, o)).send(new GetCallerIdentityCommand({})) },
  { service: 'cloudformation', protocol: 'awsQuery', call: (e, o) => new CloudFormationClient(config(e, o)).send(new DescribeStacksCommand({})) },
  { service: 'drs', protocol: 'restJson', call: (e, o) => new DrsClient(config(e, o)).send(new DescribeSourceServersCommand({})) },
  // Step Functions (JSON 1.0, signing name 'states') runs the long-wait waiter; the handler starts and stops executions.
  {
    service: 'states',
    protocol: 'awsJson',
    call: (e, o) => new SFNClient(config(e, o)).send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:CutoverLongWaitWaiter:absent' })),
  },
];

function config(emulator: Emulator, options: ClientOptions & { systemClockOffset?: number } = {}) {
  return { ...clientConfig(emulator, options), ...(options.systemClockOffset === undefined ? {} : { systemClockOffset: options.systemClockOffset }) };
}

/** A call's error (or its output, when it was not refused). */
export function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (output) => output,
    (error: unknown) => error,
  );
}
