import { Clock } from './core/clock';
import { EmulatorServer } from './core/server';
import type { ServiceModule } from './core/types';
import { DmsOptions, DmsService } from './services/dms';
import { DmsAssessmentOptions, DmsAssessmentRuns } from './services/dms-assessment-runs';
import { DrsOptions, DrsService } from './services/drs';
import { RdsOptions, RdsService } from './services/rds';

export { Clock } from './core/clock';
export type { FaultSpec } from './core/faults';
export type { CallRecord, FaultKind, ServiceModule } from './core/types';
export type { DmsTaskSeed, DmsTaskState } from './services/dms';
export type { AssessmentRunPlan, DmsAssessmentOptions, IndividualAssessmentResult, StartRefusal } from './services/dms-assessment-runs';
export type { DrsSourceServerSeed, DrsSourceServerState } from './services/drs';
export type { RdsExportTaskSeed, RdsExportTaskState } from './services/rds';

export interface EmulatorOptions {
  /** Compresses every service duration (60 = one emulated minute per real second). @default 1 */
  readonly speed?: number;
  /** @default an ephemeral port on 127.0.0.1 */
  readonly port?: number;
  readonly dms?: DmsOptions;
  readonly dmsAssessments?: DmsAssessmentOptions;
  readonly drs?: DrsOptions;
  readonly rds?: RdsOptions;
}

/** A running emulator: the services' control surfaces, fault injection and the call log. */
export class Emulator {
  readonly clock: Clock;
  readonly dms: DmsService;
  /** DMS premigration assessment runs (operations served by the `dms` service above). */
  readonly dmsAssessments: DmsAssessmentRuns;
  readonly drs: DrsService;
  readonly rds: RdsService;
  readonly server: EmulatorServer;

  private constructor(options: EmulatorOptions) {
    this.clock = new Clock(options.speed ?? 1);
    this.dms = new DmsService(this.clock, options.dms);
    this.dmsAssessments = new DmsAssessmentRuns(this.clock, this.dms, options.dmsAssessments);
    this.drs = new DrsService(this.clock, options.drs);
    this.rds = new RdsService(this.clock, options.rds);
    const services: ServiceModule[] = [this.dms, this.drs, this.rds];
    this.server = new EmulatorServer(this.clock, services);
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

  get faults() {
    return this.server.faults;
  }

  /** AWS_ENDPOINT_URL_<SERVICE> variables, region and dummy credentials for the handler. */
  environment(): Record<string, string> {
    return this.server.awsEnvironment();
  }

  callLog(filter?: { service?: string; operation?: string }) {
    return this.server.callLog(filter);
  }

  stop(): Promise<void> {
    return this.server.close();
  }
}

export { LocalLambda } from './harness/local-lambda';
export type { Invocation, LocalLambdaOptions } from './harness/local-lambda';
export { CREATE_FAILED_MARKER, ProviderDriver } from './harness/provider-driver';
export type { CfnOutcome, CfnRequest, ProviderDriverOptions } from './harness/provider-driver';
