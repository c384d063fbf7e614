import { DmsPauseProps, ResourceTypes } from '../../contract';
import type { CfnOutcome, CfnRequest } from '../../emulator/harness/provider-driver';
import type { Rig } from '../support/rig';

/** The replication a pause acts on, classic or serverless, as the lifecycle tests seed and read it. */
export interface PausedKind {
  readonly name: string;
  readonly prop: string;
  seed(rig: Rig, identifier: string, status?: string): string;
  status(rig: Rig, arn: string): string | undefined;
  /** The resume-processing starts DMS accepted for it. */
  resumes(rig: Rig, arn: string): number;
}

export const KINDS: readonly PausedKind[] = [
  {
    name: 'classic task',
    prop: DmsPauseProps.REPLICATION_TASK_ARN,
    seed: (rig, identifier, status) => rig.emulator.dms.seedTask({ identifier, ...(status ? { status } : {}) }),
    status: (rig, arn) => rig.emulator.dms.task(arn)?.status,
    resumes: (rig, arn) => rig.emulator.dmsStarts.accepted.filter((s) => s.arn === arn && s.type === 'resume-processing').length,
  },
  {
    name: 'serverless replication',
    prop: DmsPauseProps.REPLICATION_CONFIG_ARN,
    seed: (rig, identifier, status) => rig.emulator.dmsServerless.seedReplication({ identifier, ...(status ? { status } : {}) }),
    status: (rig, arn) => rig.emulator.dmsServerless.replication(arn)?.status,
    resumes: (rig, arn) =>
      rig.emulator.callLog({ service: 'dms', operation: 'StartReplication' }).filter((c) => c.status === 200 && c.params.ReplicationConfigArn === arn && c.params.StartReplicationType === 'resume-processing').length,
  },
];

/** One step of the played stack operation, and the replication's status when it ended. */
export interface Played {
  readonly label: string;
  readonly status: string | undefined;
  readonly outcome?: CfnOutcome;
}

/**
 * Plays CloudFormation for a DmsPauseDuringChange's two resources in one stack: their events in the
 * order and with the properties CloudFormation sends (API-FACTS 3.4), the stack status the handler
 * reads, and the watched change between them (where the test looks at the replication).
 */
export class PauseStack {
  readonly stackId: string;
  readonly log: Played[] = [];
  pause: { physicalId?: string; properties?: Record<string, unknown>; pausedFor: string } = { pausedFor: '' };
  resume: { physicalId?: string; properties?: Record<string, unknown> } = {};

  constructor(
    private readonly rig: Rig,
    private readonly kind: PausedKind,
    readonly arn: string,
    name: string,
    /** More properties of both resources (where the target lives, as whom). */
    private readonly extra: Record<string, unknown> = {},
  ) {
    this.stackId = rig.emulator.cloudformation.seedStack({ stackName: name, status: 'CREATE_IN_PROGRESS' });
  }

  pauseProperties(fingerprint: string): Record<string, unknown> {
    return { [this.kind.prop]: this.arn, [DmsPauseProps.FINGERPRINT]: fingerprint, TimeoutSeconds: '20', ...this.extra };
  }

  resumeProperties(fingerprint: string, pausedFor: string): Record<string, unknown> {
    return { ...this.pauseProperties(fingerprint), [DmsPauseProps.PAUSED_FOR]: pausedFor };
  }

  status(stackStatus: string): void {
    this.rig.emulator.cloudformation.setStackStatus(this.stackId, stackStatus);
  }

  /** What the test sees of the replication at a point of the stack operation. */
  look(label: string): void {
    this.log.push({ label, status: this.kind.status(this.rig, this.arn) });
  }

  async send(label: string, request: Omit<CfnRequest, 'LogicalResourceId'> & { LogicalResourceId?: string }): Promise<CfnOutcome> {
    const outcome = await this.rig.send({ LogicalResourceId: label.split(' ')[0], StackId: this.stackId, ...request } as CfnRequest);
    this.log.push({ label, status: this.kind.status(this.rig, this.arn), outcome });
    if (outcome.status !== 'SUCCESS') throw new Error(`${label} failed: ${outcome.reason}`);
    return outcome;
  }

  /** The first deployment: the pause, then the resume with the pause's PausedFor. */
  async create(fingerprint: string): Promise<void> {
    this.status('CREATE_IN_PROGRESS');
    const properties = this.pauseProperties(fingerprint);
    const pause = await this.send('Pause Create', { RequestType: 'Create', ResourceType: ResourceTypes.DMS_PAUSE_DURING_CHANGE, ResourceProperties: properties });
    this.pause = { physicalId: pause.physicalResourceId, properties, pausedFor: pause.data.PausedFor };
    const resumeProperties = this.resumeProperties(fingerprint, pause.data.PausedFor);
    const resume = await this.send('Resume Create', { RequestType: 'Create', ResourceType: ResourceTypes.DMS_RESUME_AFTER_CHANGE, ResourceProperties: resumeProperties });
    this.resume = { physicalId: resume.physicalResourceId, properties: resumeProperties };
    this.status('CREATE_COMPLETE');
  }

  /**
   * An update that changes a watched resource: the pause's Update, the watched change, and (unless
   * the change fails) the resume's Update. Returns what the rollback needs: the properties before.
   */
  async update(fingerprint: string, options: { readonly watchedChangeFails?: boolean } = {}): Promise<Snapshot> {
    const before: Snapshot = { pause: { ...this.pause }, resume: { ...this.resume } };
    this.status('UPDATE_IN_PROGRESS');
    const properties = this.pauseProperties(fingerprint);
    const pause = await this.send('Pause Update', {
      RequestType: 'Update',
      ResourceType: ResourceTypes.DMS_PAUSE_DURING_CHANGE,
      PhysicalResourceId: this.pause.physicalId,
      ResourceProperties: properties,
      OldResourceProperties: this.pause.properties,
    });
    this.pause = { physicalId: pause.physicalResourceId, properties, pausedFor: pause.data.PausedFor };
    this.look('watched change');
    if (options.watchedChangeFails) return before;
    const resumeProperties = this.resumeProperties(fingerprint, pause.data.PausedFor);
    const resume = await this.send('Resume Update', {
      RequestType: 'Update',
      ResourceType: ResourceTypes.DMS_RESUME_AFTER_CHANGE,
      PhysicalResourceId: this.resume.physicalId,
      ResourceProperties: resumeProperties,
      OldResourceProperties: this.resume.properties,
    });
    this.resume = { physicalId: resume.physicalResourceId, properties: resumeProperties };
    return before;
  }

  /** A successful update's cleanup: the pause's old physical id is deleted when the update replaced it. */
  async completeUpdate(before: Snapshot): Promise<void> {
    this.status('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    if (before.pause.physicalId !== this.pause.physicalId) {
      await this.send('Pause cleanup Delete', {
        RequestType: 'Delete',
        ResourceType: ResourceTypes.DMS_PAUSE_DURING_CHANGE,
        PhysicalResourceId: before.pause.physicalId,
        ResourceProperties: before.pause.properties!,
      });
    }
    this.status('UPDATE_COMPLETE');
  }

  /**
   * The rollback of a failed update, in reverse order: the resume's rollback Update (if the update
   * reached it), the watched resources changed back, then the pause's undo by one of the two readings.
   */
  async rollBack(before: Snapshot, reading: 'rollback Update' | 'cleanup Delete'): Promise<void> {
    this.status('UPDATE_ROLLBACK_IN_PROGRESS');
    if (this.resume.properties !== before.resume.properties) {
      await this.send('Resume rollback Update', {
        RequestType: 'Update',
        ResourceType: ResourceTypes.DMS_RESUME_AFTER_CHANGE,
        PhysicalResourceId: this.resume.physicalId,
        ResourceProperties: before.resume.properties!,
        OldResourceProperties: this.resume.properties,
      });
    }
    this.look('watched change back');
    const replaced = before.pause.physicalId !== this.pause.physicalId;
    if (reading === 'rollback Update' || !replaced) {
      await this.send('Pause rollback Update', {
        RequestType: 'Update',
        ResourceType: ResourceTypes.DMS_PAUSE_DURING_CHANGE,
        PhysicalResourceId: this.pause.physicalId,
        ResourceProperties: before.pause.properties!,
        OldResourceProperties: this.pause.properties,
      });
    }
    this.status('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    if (reading === 'cleanup Delete' && replaced) {
      await this.send('Pause cleanup Delete', {
        RequestType: 'Delete',
        ResourceType: ResourceTypes.DMS_PAUSE_DURING_CHANGE,
        PhysicalResourceId: this.pause.physicalId,
        ResourceProperties: this.pause.properties!,
      });
    }
    this.status('UPDATE_ROLLBACK_COMPLETE');
    this.pause = before.pause;
    this.resume = before.resume;
  }

  /** The steps played, as "label: status" lines. */
  get order(): string[] {
    return this.log.map((p) => `${p.label}: ${p.status}`);
  }

  outcomeOf(label: string): CfnOutcome {
    const played = [...this.log].reverse().find((p) => p.label === label && p.outcome);
    if (!played) throw new Error(`${label} was not played`);
    return played.outcome!;
  }
}

export interface Snapshot {
  readonly pause: PauseStack['pause'];
  readonly resume: PauseStack['resume'];
}
