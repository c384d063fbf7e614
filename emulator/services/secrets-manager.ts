import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { Caller, scopeOf, scopeOfArn, visibleTo } from '../core/identity';
import { awsJson, awsJsonRouting, dispatchAwsJson, epochSeconds } from '../core/protocols';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';

const TARGET_PREFIX = 'secretsmanager.';
const SUFFIX_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface SecretSeed {
  readonly name: string;
  /** The SecretString. */
  readonly value: string;
  /** Only recorded (the emulator does not model KMS). */
  readonly kmsKeyId?: string;
  /** @default the service's region */
  readonly region?: string;
  /** @default the service's account */
  readonly account?: string;
}

interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  value: string;
  versionId: string;
  readonly createdAt: number;
  deleted: boolean;
}

export interface SecretsManagerOptions {
  readonly region?: string;
  readonly account?: string;
}

/**
 * AWS Secrets Manager over awsJson1_1, GetSecretValue only. A secret is found by its full ARN, its
 * partial ARN (without the random 6-character suffix, as `Secret.fromSecretNameV2` produces) or its
 * name, as the service resolves SecretId; a secret scheduled for deletion answers
 * InvalidRequestException like the service does.
 */
export class SecretsManagerService implements ServiceModule {
  readonly name = 'secretsmanager';
  private readonly secrets: StoredSecret[] = [];
  readonly region: string;
  readonly account: string;

  constructor(
    private readonly clock: Clock,
    options: SecretsManagerOptions = {},
  ) {
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
  }

  /** Stores a secret; returns its full ARN (name, "-", 6 random characters). */
  createSecret(seed: SecretSeed): string {
    if (this.find(seed.name)) throw new Error(`The emulator already has a secret named ${seed.name}`);
    const suffix = Array.from(randomBytes(6), (b) => SUFFIX_CHARS[b % SUFFIX_CHARS.length]).join('');
    const { region, account } = scopeOf(seed, this);
    const arn = `arn:aws:secretsmanager:${region}:${account}:secret:${seed.name}-${suffix}`;
    this.secrets.push({ arn, name: seed.name, value: seed.value, versionId: randomUUID(), createdAt: this.clock.now(), deleted: false });
    return arn;
  }

  /** Replaces a secret's value (a rotation). */
  putSecretValue(secretId: string, value: string): void {
    const secret = this.require(secretId);
    secret.value = value;
    secret.versionId = randomUUID();
  }

  /** Schedules a secret for deletion out of band. */
  deleteSecret(secretId: string): void {
    this.require(secretId).deleted = true;
  }

  /** The partial ARN of a secret (what `Secret.fromSecretNameV2(...).secretArn` resolves to). */
  partialArn(secretId: string): string {
    return this.require(secretId).arn.slice(0, -7);
  }

  private readonly routing = awsJsonRouting(TARGET_PREFIX);
  readonly matches = this.routing.matches;
  readonly operationOf = this.routing.operationOf;
  private readonly operations = new Map([['GetSecretValue', (input: Record<string, unknown>, caller: Caller) => this.getSecretValue(input, caller)]]);

  handle(request: EmulatorRequest): EmulatorResponse {
    return dispatchAwsJson(this.operationOf(request), request, this.operations);
  }

  renderFault(kind: RenderedFaultKind): EmulatorResponse {
    return awsJson.fault(kind);
  }

  private getSecretValue(input: Record<string, unknown>, caller: Caller): EmulatorResponse {
    const secretId = input.SecretId;
    if (typeof secretId !== 'string' || secretId === '') {
      return awsJson.error('InvalidParameterException', 'SecretId is required');
    }
    // Only the caller's region and account hold secrets it can read, whatever ARN it names.
    const secret = this.find(secretId, caller);
    if (!secret) return awsJson.error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    if (secret.deleted) {
      return awsJson.error(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    return awsJson.ok({
      ARN: secret.arn,
      Name: secret.name,
      VersionId: secret.versionId,
      SecretString: secret.value,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: epochSeconds(secret.createdAt),
    });
  }

  private find(secretId: string, caller?: Caller): StoredSecret | undefined {
    return this.secrets.find(
      (s) => (s.arn === secretId || s.name === secretId || s.arn.slice(0, -7) === secretId) && (!caller || visibleTo(scopeOfArn(s.arn)!, caller)),
    );
  }

  private require(secretId: string): StoredSecret {
    const secret = this.find(secretId);
    if (!secret) throw new Error(`The emulator has no secret ${secretId}`);
    return secret;
  }
}
