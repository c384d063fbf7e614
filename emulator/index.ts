import { Clock } from './core/clock';
import { AccessKeyRegistry, DEFAULT_ACCOUNT } from './core/identity';
import type { RateLimits, TrafficStats } from './core/rate-limits';
import { EmulatorServer } from './core/server';
import type { ServiceModule } from './core/types';
import { DcsOptions, DcsService } from './services/dcs';
import { DmsOptions, DmsService } from './services/dms';
import { DmsAssessmentOptions, DmsAssessmentRuns } from './services/dms-assessment-runs';
import { DmsServerlessOptions, DmsServerlessReplications } from './services/dms-serverless';
import { DrsOptions, DrsService } from './services/drs';
import { RdsOptions, RdsService } from './services/rds';
import { SecretsManagerOptions, SecretsManagerService } from './services/secrets-manager';
import { CloudFormationService } from './services/cloudformation';
import { StsService } from './services/sts';
import { CloudWatchOptions, CloudWatchService } from './services/cloudwatch';
import { StepFunctionsService } from './services/step-functions';
import { WaitConditionService } from './services/wait-conditions';

export { Clock } from './core/clock';
export type { FaultSpec } from './core/faults';
export type { Caller } from './core/identity';
export type { RateLimit, RateLimits, TrafficStats } from './core/rate-limits';
export { DOCUMENTED_RATE_LIMITS } from './core/rate-limits';
export type { CallRecord, FaultKind, ServiceModule } from './core/types';
export type { DmsTaskSeed, DmsTaskState } from './services/dms';
export type { AssessmentRunPlan, DmsAssessmentOptions, IndividualAssessmentResult, StartRefusal } from './services/dms-assessment-runs';
export type { DmsNoMatchAnswer, DmsReplicationChange, DmsReplicationSeed, DmsReplicationState, DmsServerlessOptions } from './services/dms-serverless';
export type { DcsCredentials, DcsTaskSeed, DcsTaskState } from './services/dcs';
export type { SecretSeed } from './services/secrets-manager';
export type { DrsSourceServerSeed, DrsSourceServerState } from './services/drs';
export type { RdsExportTaskSeed, RdsExportTaskState } from './services/rds';
export type { StsRoleSeed, StsSession } from './services/sts';
export type { CloudWatchOptions } from './services/cloudwatch';
export type { DmsLatencyMetric, MetricId, MetricSeriesSeed, MetricStep } from './services/cloudwatch-series';
export type { CfnStackSeed, CfnStackState } from './services/cloudformation';
export type { LambdaInvoker, SfnExecution } from './services/step-functions';
export type { WaitConditionState, WaitSignal } from './services/wait-conditions';

export interface EmulatorOptions {
  /** Compresses every service duration (60 = one emulated minute per real second). @default 1 */
  readonly speed?: number;
  /** @default an ephemeral port on 127.0.0.1 */
  readonly port?: number;
  readonly dms?: DmsOptions;
  readonly dmsAssessments?: DmsAssessmentOptions;
  readonly dmsServerless?: DmsServerlessOptions;
  readonly dcs?: DcsOptions;
  readonly secretsManager?: SecretsManagerOptions;
  readonly drs?: DrsOptions;
  readonly rds?: RdsOptions;
  readonly cloudwatch?: CloudWatchOptions;
  /**
   * API request quotas per service name ("dms", "rds", "sts", "cloudformation", "cloudwatch"…): a
   * token bucket per (account, region, service); calls beyond it get the service's throttling error.
   * @default - no quota
   */
  readonly rateLimits?: RateLimits;
  /** The account of access keys nobody registered (the handler's dummy credentials). @default '123456789012' */
  readonly defaultAccount?: string;
}

/** A running emulator: the services' control surfaces, fault injection and the call log. */
export class Emulator {
  readonly clock: Clock;
  readonly dms: DmsService;
  /** DMS premigration assessment runs (operations served by the `dms` service above). */
  readonly dmsAssessments: DmsAssessmentRuns;
  /** DMS Serverless replications (DescribeReplications, StopReplication on the `dms` endpoint). */
  readonly dmsServerless: DmsServerlessReplications;
  /** Huawei Cloud DCS (not an AWS service: the handler reaches it through {@link dcsEndpoint}). */
  readonly dcs: DcsService;
  readonly secretsManager: SecretsManagerService;
  readonly drs: DrsService;
  readonly rds: RdsService;
  /** STS AssumeRole against registered roles; issued keys belong to the role's account. */
  readonly sts: StsService;
  /** CloudFormation DescribeStacks against registered stacks whose status tests set. */
  readonly cloudformation: CloudFormationService;
  /** CloudWatch GetMetricData/ListMetrics over scripted series (DMS CDC latency). */
  readonly cloudwatch: CloudWatchService;
  /** Step Functions executions of registered state machines (the long-wait waiter), run on the clock. */
  readonly stepFunctions: StepFunctionsService;
  /** Wait-condition handles (pre-signed S3 URLs in AWS) and the signals they received. */
  readonly waitConditions: WaitConditionService;
  readonly server: EmulatorServer;
  /** Access key id → account: a request's account is its signing key's. */
  readonly accessKeys: AccessKeyRegistry;

  private constructor(options: EmulatorOptions) {
    this.clock = new Clock(options.speed ?? 1);
    this.accessKeys = new AccessKeyRegistry(options.defaultAccount ?? DEFAULT_ACCOUNT);
    this.dms = new DmsService(this.clock, options.dms);
    this.dmsAssessments = new DmsAssessmentRuns(this.clock, this.dms, options.dmsAssessments);
    this.dmsServerless = new DmsServerlessReplications(this.clock, this.dms, options.dmsServerless);
    this.dcs = new DcsService(this.clock, options.dcs);
    this.secretsManager = new SecretsManagerService(this.clock, options.secretsManager);
    this.drs = new DrsService(this.clock, options.drs);
    this.rds = new RdsService(this.clock, options.rds);
    this.sts = new StsService(this.clock, this.accessKeys);
    this.cloudformation = new CloudFormationService(this.clock, { region: 'us-east-1', account: this.accessKeys.defaultAccount });
    this.cloudwatch = new CloudWatchService(this.clock, { region: 'us-east-1', account: this.accessKeys.defaultAccount }, options.cloudwatch);
    this.stepFunctions = new StepFunctionsService(this.clock);
    this.waitConditions = new WaitConditionService(this.clock, () => this.server.url);
    const services: ServiceModule[] = [
      this.dms,
      this.drs,
      this.rds,
      this.sts,
      this.cloudformation,
      this.cloudwatch,
      this.secretsManager,
      this.stepFunctions,
      this.waitConditions,
      this.dcs,
    ];
    this.server = new EmulatorServer(this.clock, services, this.accessKeys, options.rateLimits);
  }

  /** Starts an emulator on loopback. */
  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const emulator = new Emulator(options);
    await emulator.server.listen(options.port);
    return emulator;
  }

  get url(): string {
    return this.server.url;
  }

  /**
   * The URL to pass as the DCS construct's `endpoint` (or its Endpoint property): the same loopback
   * server, which routes Huawei's `/v2/...` paths to the DCS service.
   */
  get dcsEndpoint(): string {
    return this.server.url;
  }

  get faults() {
    return this.server.faults;
  }

  /**
   * AWS_ENDPOINT_URL_<SERVICE> variables, region and credentials for the handler: by default the
   * default account in us-east-1; pass the stack's region and account to run it as a Lambda there.
   */
  environment(scope?: { region?: string; account?: string }): Record<string, string> {
    return this.server.awsEnvironment(scope);
  }

  callLog(filter?: { service?: string; operation?: string }) {
    return this.server.callLog(filter);
  }

  /** Calls, rate-limited calls and per-second peak/average of one service (emulated-time window). */
  traffic(service: string, window?: { fromMs?: number; toMs?: number }): TrafficStats {
    return this.server.traffic(service, window);
  }

  stop(): Promise<void> {
    return this.server.close();
  }
}

export { EnvironmentPool } from './harness/environment-pool';
export type { EnvironmentPoolOptions, Invokable } from './harness/environment-pool';
export { LocalLambda } from './harness/local-lambda';
export type { Invocation, LocalLambdaOptions } from './harness/local-lambda';
export { CREATE_FAILED_MARKER, ProviderDriver } from './harness/provider-driver';
export type { CfnOutcome, CfnRequest, ProviderDriverOptions } from './harness/provider-driver';
