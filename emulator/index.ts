import { Clock } from './core/clock';
import { OPERATOR_CREDENTIALS, SigningCredentials } from './core/credentials';
import { AccessKeyRegistry, DEFAULT_ACCOUNT } from './core/identity';
import type { RateLimits, TrafficStats } from './core/rate-limits';
import { EmulatorServer } from './core/server';
import type { ServiceModule } from './core/types';
import { activeRecorder } from './core/recorder';
import { DcsOptions, DcsService } from './services/dcs';
import { DmsOptions, DmsService } from './services/dms';
import { DmsAssessmentOptions, DmsAssessmentRuns } from './services/dms-assessment-runs';
import { DmsServerlessOptions, DmsServerlessReplications } from './services/dms-serverless';
import { DrsOptions, DrsService } from './services/drs';
import { DmsStartOptions, DmsTaskStarts } from './services/dms-start';
import { DmsServerlessStartOptions, DmsServerlessStarts } from './services/dms-serverless-start';
import { DrsStartOptions, DrsStarts } from './services/drs-start';
import { RdsOptions, RdsService } from './services/rds';
import { SecretsManagerOptions, SecretsManagerService } from './services/secrets-manager';
import { CloudFormationService } from './services/cloudformation';
import { StsService } from './services/sts';
import { CloudWatchOptions, CloudWatchService } from './services/cloudwatch';
import { StepFunctionsService } from './services/step-functions';
import { WaitConditionService } from './services/wait-conditions';

export { Clock } from './core/clock';
export type { FaultSpec } from './core/faults';
export type { AccessKey, Caller } from './core/identity';
export { OPERATOR_CREDENTIALS } from './core/credentials';
export type { SigningCredentials } from './core/credentials';
export { FAULT_BODY_MARKER } from './core/faults';
export type { RateLimit, RateLimits, TrafficStats } from './core/rate-limits';
export { DOCUMENTED_RATE_LIMITS } from './core/rate-limits';
export type { CallRecord, FaultKind, ServiceModule } from './core/types';
export { activeRecorder, startRecording } from './core/recorder';
export type { RecordedExchange, ResponseRecorder } from './core/recorder';
export type { DmsTaskSeed, DmsTaskState } from './services/dms';
export type { AssessmentRunPlan, DmsAssessmentOptions, IndividualAssessmentResult, StartRefusal } from './services/dms-assessment-runs';
export type { DmsNoMatchAnswer, DmsReplicationChange, DmsReplicationSeed, DmsReplicationState, DmsServerlessOptions } from './services/dms-serverless';
export type { DcsCredentials, DcsTaskSeed, DcsTaskState } from './services/dcs';
export type { SecretSeed } from './services/secrets-manager';
export type { DrsSourceServerSeed, DrsSourceServerState } from './services/drs';
export type { DmsStartOptions } from './services/dms-start';
export type { DmsServerlessStartOptions } from './services/dms-serverless-start';
export type { DrsStartOptions } from './services/drs-start';
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
  /** StartReplicationTask timing. */
  readonly dmsStarts?: DmsStartOptions;
  /** Serverless StartReplication timing. */
  readonly dmsServerlessStarts?: DmsServerlessStartOptions;
  /** DRS StartReplication timing. */
  readonly drsStarts?: DrsStartOptions;
  readonly rds?: RdsOptions;
  readonly cloudwatch?: CloudWatchOptions;
  /**
   * API request quotas per service name ("dms", "rds", "sts", "cloudformation", "cloudwatch"…): a
   * token bucket per (account, region, service); calls beyond it get the service's throttling error.
   * @default - no quota
   */
  readonly rateLimits?: RateLimits;
  /**
   * The account of the harness's credentials: the operator key tests sign with
   * ({@link OPERATOR_CREDENTIALS}) and the handler's execution role key of {@link Emulator.environment}.
   * @default '123456789012'
   */
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
  /** StartReplicationTask on the `dms` endpoint. */
  readonly dmsStarts: DmsTaskStarts;
  /** Serverless StartReplication on the `dms` endpoint. */
  readonly dmsServerlessStarts: DmsServerlessStarts;
  /** StartReplication on the `drs` endpoint. */
  readonly drsStarts: DrsStarts;
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
  /**
   * The access keys requests may be signed with (account, secret, session token, expiration): a
   * request's account is its signing key's; a key not registered here is refused.
   */
  readonly accessKeys: AccessKeyRegistry;

  private constructor(options: EmulatorOptions) {
    this.clock = new Clock(options.speed ?? 1);
    this.accessKeys = new AccessKeyRegistry(options.defaultAccount ?? DEFAULT_ACCOUNT);
    this.accessKeys.register({ ...OPERATOR_CREDENTIALS, account: this.accessKeys.defaultAccount });
    this.dms = new DmsService(this.clock, options.dms);
    this.dmsAssessments = new DmsAssessmentRuns(this.clock, this.dms, options.dmsAssessments);
    this.dmsServerless = new DmsServerlessReplications(this.clock, this.dms, options.dmsServerless);
    this.dcs = new DcsService(this.clock, options.dcs);
    this.secretsManager = new SecretsManagerService(this.clock, options.secretsManager);
    this.drs = new DrsService(this.clock, options.drs);
    this.rds = new RdsService(this.clock, options.rds);
    this.dmsStarts = new DmsTaskStarts(this.clock, this.dms, options.dmsStarts);
    this.dmsServerlessStarts = new DmsServerlessStarts(this.clock, this.dms, this.dmsServerless, options.dmsServerlessStarts);
    this.drsStarts = new DrsStarts(this.clock, this.drs, options.drsStarts);
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
    // A test that started a recorder sees every answer (the conformance check against the models).
    const recorder = activeRecorder();
    this.server = new EmulatorServer(this.clock, recorder ? services.map((s) => recorder.wrap(s)) : services, this.accessKeys, options.rateLimits);
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

  /** Registers a Lambda execution role key of `account` with the harness's secret and token; returns the credentials. */
  functionCredentials(accessKeyId: string, account: string): SigningCredentials {
    return this.server.functionCredentials(accessKeyId, account);
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
