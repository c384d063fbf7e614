import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import type { DrsClient } from '@aws-sdk/client-drs';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { STSClient } from '@aws-sdk/client-sts';
import { type AssumeRole, type TemporaryCredentials, assumedRoleCredentials } from './assumed-role';
import { AWS_CLIENT_SETTINGS, logAwsCalls } from './aws-calls';

/** Where a client calls, and as whom. */
export interface ClientOptions {
  /** The target's region. @default - the Lambda's own region (AWS_REGION) */
  readonly region?: string;
  /** A role to assume for the call (the target in another account). @default - the handler's own role */
  readonly assumeRole?: AssumeRole;
}

/** What a client constructor is given: the shared settings plus where and as whom. */
type ClientConfig = typeof AWS_CLIENT_SETTINGS & {
  readonly region?: string;
  readonly credentials?: () => Promise<TemporaryCredentials>;
};

type Client = Parameters<typeof logAwsCalls>[0];

/**
 * The AWS clients of one execution environment: one per (service, region, role), created on first
 * use. Each service's SDK is imported only when its first client is made, so an invocation loads
 * only the client its operation needs. Endpoints come from the environment
 * (AWS_ENDPOINT_URL_<SERVICE>), as the SDK reads them; the tests point them at the emulator.
 */
export class ClientFactory {
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly roles = new Map<string, () => Promise<TemporaryCredentials>>();

  /** @param defaultRegion the region of calls that name none; the SDK reads AWS_REGION when unset. */
  constructor(private readonly defaultRegion: string | undefined = process.env.AWS_REGION) {}

  dms(options?: ClientOptions): Promise<DatabaseMigrationServiceClient> {
    return this.client('dms', options, async (c) => new (await import('./sdk/dms')).DatabaseMigrationServiceClient(c));
  }

  drs(options?: ClientOptions): Promise<DrsClient> {
    // The pinned @aws-sdk/client-drs 3.523.0 is old codegen, but its @smithy/middleware-endpoint
    // (2.5.x) already reads AWS_ENDPOINT_URL_DRS, as the newer clients do.
    return this.client('drs', options, async (c) => new (await import('./sdk/drs')).DrsClient(c));
  }

  rds(options?: ClientOptions): Promise<RDSClient> {
    return this.client('rds', options, async (c) => new (await import('./sdk/rds')).RDSClient(c));
  }

  cloudwatch(options?: ClientOptions): Promise<CloudWatchClient> {
    return this.client('cloudwatch', options, async (c) => new (await import('./sdk/cloudwatch')).CloudWatchClient(c));
  }

  cloudFormation(options?: ClientOptions): Promise<CloudFormationClient> {
    return this.client('cloudformation', options, async (c) => new (await import('./sdk/cloudformation')).CloudFormationClient(c));
  }

  secretsManager(options?: ClientOptions): Promise<SecretsManagerClient> {
    return this.client('secretsmanager', options, async (c) => new (await import('./sdk/secrets-manager')).SecretsManagerClient(c));
  }

  /** Step Functions in the Lambda's own region and role: the waiter of a long-waiting step. */
  stepFunctions(): Promise<SFNClient> {
    return this.client('states', undefined, async (c) => new (await import('./sdk/sfn')).SFNClient(c));
  }

  sts(options?: ClientOptions): Promise<STSClient> {
    // The region's own STS endpoint (the SDK's default for a client given a region), so an assumed
    // role works while the global endpoint or another region is impaired.
    return this.client('sts', options, async (c) => new (await import('./sdk/sts')).STSClient(c));
  }

  private client<C extends Client>(service: string, options: ClientOptions = {}, create: (config: ClientConfig) => Promise<C>): Promise<C> {
    const region = options.region ?? this.defaultRegion;
    const role = options.assumeRole;
    const key = [service, region ?? '', role?.roleArn ?? '', role?.externalId ?? ''].join('|');
    let client = this.clients.get(key);
    if (!client) {
      const config: ClientConfig = {
        ...AWS_CLIENT_SETTINGS,
        // Unset when the caller named none: the SDK then reads AWS_REGION itself, as before.
        ...(options.region ? { region: options.region } : {}),
        ...(role ? { credentials: this.roleCredentials(region, role) } : {}),
      };
      client = create(config).then((made) => logAwsCalls(made, service));
      // A failed import is not kept: the next call tries again.
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client as Promise<C>;
  }

  /** One credential provider per (region, role, external id), shared by every service's client. */
  private roleCredentials(region: string | undefined, role: AssumeRole): () => Promise<TemporaryCredentials> {
    const key = [region ?? '', role.roleArn, role.externalId ?? ''].join('|');
    let provider = this.roles.get(key);
    if (!provider) {
      provider = assumedRoleCredentials(() => this.sts({ region }), role);
      this.roles.set(key, provider);
    }
    return provider;
  }
}
