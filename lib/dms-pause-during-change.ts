import { CfnResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { DmsPauseAttributes, encodeDmsPause, pausedReplicationProblem, ResourceType, ResourceTypes } from '../contract';
import { CutoverOperation, isUnresolved } from './cutover-operation';
import { CutoverProvider } from './cutover-provider';
import { watchedFingerprint, watchedResources } from './private/watched-resources';

/** Properties of {@link DmsPauseDuringChange}. */
export interface DmsPauseDuringChangeProps {
  /**
   * ARN of the classic DMS replication task to stop while the watched resources change (exactly one
   * of this and the replication config ARN). The task lives in the ARN's region and account; a task of
   * another account needs an assumed role. It cannot be the `ref` of a watched resource, nor of a
   * resource that refers to one (a task whose endpoint is watched): the pause runs before the watched
   * resources change, so it cannot depend on them (CloudFormation would see a cycle). Pass the ARN
   * as a literal then (the task exists since an earlier deployment).
   *
   * @default - none; then the replication config ARN is required
   */
  readonly replicationTaskArn?: string;

  /**
   * ARN of the DMS Serverless replication config whose replication to stop while the watched
   * resources change (exactly one of this and the replication task ARN). The same rules as
   * for the task ARN apply.
   *
   * @default - none; then the replication task ARN is required
   */
  readonly replicationConfigArn?: string;

  /**
   * The CloudFormation resources that must change only while replication is stopped: DMS
   * endpoints, tasks, replication configs, or anything else of the same stack. Each is a
   * `CfnResource`, or a construct whose default child is one (an L2 construct). CloudFormation
   * updates each of them after the pause and before the resume. A resource that is replaced
   * because a resource it references changed is only paused for when that resource is watched too.
   */
  readonly watch: IConstruct[];

  /**
   * How long each of the two steps may take: the pause waiting until the replication is stopped,
   * the resume until it runs again (and each undo on a rollback). At most 1 hour: CloudFormation
   * stops waiting on a custom resource after that. A serverless replication that provisions
   * capacity for longer than the timeout fails the resume with a reason; it keeps starting.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;

  /**
   * A role in the replication's account for the handler to assume (as for
   * the assumed role of `AwsCutoverOperationProps`). Required for a replication in another account
   * than the stack's.
   *
   * @default - the handler's own role, in the stack's account
   */
  readonly assumedRoleArn?: string;

  /**
   * The external id the role's trust policy demands, passed to AssumeRole. Only with an assumed role.
   *
   * @default - no external id
   */
  readonly externalId?: string;

  /**
   * The provider that runs the pause and the resume. It must be in the same stack.
   *
   * @default - the stack's shared provider
   */
  readonly provider?: CutoverProvider;
}

/** What each of the two inner resources is given. */
interface PauseStepProps {
  readonly resourceType: ResourceType;
  readonly properties: Record<string, unknown>;
  readonly props: DmsPauseDuringChangeProps;
}

/** One of the two custom resources; both act on the same replication with the same permissions. */
class PauseStep extends CutoverOperation {
  readonly resource: CfnResource;

  constructor(scope: Construct, id: string, { resourceType, properties, props }: PauseStepProps) {
    super(scope, id, { timeout: props.timeout, provider: props.provider });
    const task = props.replicationTaskArn !== undefined;
    const prop = task ? 'replicationTaskArn' : 'replicationConfigArn';
    const arn = (task ? props.replicationTaskArn : props.replicationConfigArn)!;
    const custom = this._createResource({
      resourceType,
      identity: { prop, value: arn },
      properties,
      // Both stop (the pause; the resume's rollback) and resume (the resume; the pause's rollback).
      statements: [
        new iam.PolicyStatement({ actions: task ? ['dms:StopReplicationTask', 'dms:StartReplicationTask'] : ['dms:StopReplication', 'dms:StartReplication'], resources: [arn] }),
      ],
      unscopedActions: [task ? 'dms:DescribeReplicationTasks' : 'dms:DescribeReplications'],
      target: { arn: { prop, value: arn }, assumedRoleArn: props.assumedRoleArn, externalId: props.externalId },
      // A forward Update and a rollback's Update (or cleanup Delete) differ only in the stack's status.
      readsStackStatus: true,
    });
    this.resource = custom.node.defaultChild as CfnResource;
  }

  /** An attribute of the custom resource, for the other step's properties. */
  attributeOf(name: string): string {
    return this.attribute(name);
  }
}

/**
 * Makes CloudFormation change the watched resources only while DMS replication is stopped, and
 * resume it afterwards: the stop–apply–resume runbook of a live DMS migration, as part of the stack.
 *
 * Two custom resources: a pause, on which every watched resource depends, and a resume, which
 * depends on every watched resource. Both carry a fingerprint of the watched resources'
 * synthesized properties, so they receive an Update exactly when a watched resource changes, and
 * never on other updates. On the first deployment, and when the stack is deleted, both do nothing.
 *
 * On an update that changes a watched resource, the pause stops a running task or serverless
 * replication and waits until it is `stopped`; a replication it finds at rest is left alone. The
 * resume then sends `resume-processing` only if the pause stopped it, and waits until `running`.
 * When that update fails, CloudFormation rolls back in reverse order: the resume's rollback stops
 * the replication again if the resume had started it (so the watched resources are changed back
 * with replication stopped), and the pause's rollback resumes it last.
 *
 * There is no choice of events to run on, and no option not to wait: which events act is what makes the two resources a
 * pause around the change, and the change must wait until replication has stopped.
 */
export class DmsPauseDuringChange extends Construct {
  /** The pause step (its `outcome`, `status` and `note` say what it did in the last stack operation). */
  readonly pause: CutoverOperation;
  /** The resume step (its `outcome`, `status` and `note` say what it did in the last stack operation). */
  readonly resume: CutoverOperation;
  /** The fingerprint the pause stopped the replication for in the last update ('' when it stopped nothing). */
  readonly pausedFor: string;

  constructor(scope: Construct, id: string, props: DmsPauseDuringChangeProps) {
    super(scope, id);
    const problem = pausedReplicationProblem(props.replicationTaskArn, props.replicationConfigArn);
    if (problem) throw new Error(problem);
    const watched = watchedResources(this, props.watch);
    refuseWatchedTarget(this, props, watched);
    const stack = Stack.of(this);
    const fingerprint = Lazy.string({ produce: () => watchedFingerprint(stack, watched) });
    const target = { replicationTaskArn: props.replicationTaskArn, replicationConfigArn: props.replicationConfigArn };

    const pause = new PauseStep(this, 'Pause', {
      resourceType: ResourceTypes.DMS_PAUSE_DURING_CHANGE,
      properties: encodeDmsPause({ ...target, fingerprint }, isUnresolved),
      props,
    });
    const pausedFor = pause.attributeOf(DmsPauseAttributes.PAUSED_FOR);
    const resume = new PauseStep(this, 'Resume', {
      resourceType: ResourceTypes.DMS_RESUME_AFTER_CHANGE,
      properties: encodeDmsPause({ ...target, fingerprint, pausedFor }, isUnresolved),
      props,
    });
    for (const resource of watched) {
      resource.addResourceDependency(pause.resource, 'it may change only while replication is stopped');
      resume.resource.addResourceDependency(resource, 'replication resumes only after the watched change');
    }
    this.pause = pause;
    this.resume = resume;
    this.pausedFor = pausedFor;
  }
}

/**
 * The target ARN may not refer to a watched resource, directly or through what it refers to (a task
 * that references a watched endpoint): the pause would depend on a resource that depends on it.
 * CloudFormation would refuse the cycle; this says which prop, which resource and what to do.
 */
function refuseWatchedTarget(scope: Construct, props: DmsPauseDuringChangeProps, watched: readonly CfnResource[]): void {
  const [prop, arn] = props.replicationTaskArn !== undefined ? ['replicationTaskArn', props.replicationTaskArn] : ['replicationConfigArn', props.replicationConfigArn!];
  if (!Token.isUnresolved(arn)) return;
  const stack = Stack.of(scope);
  const byId = new Map<string, CfnResource>();
  for (const child of stack.node.findAll()) if (CfnResource.isCfnResource(child)) byId.set(stack.resolve(child.logicalId), child);
  const watchedIds = new Set(watched.map((r) => stack.resolve(r.logicalId) as string));
  const referenced = (value: unknown): string[] => {
    const text = JSON.stringify(stack.resolve(value)) ?? '';
    return [...text.matchAll(/\{"Ref":"([^"]+)"\}|"Fn::GetAtt":\["([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  };
  // Breadth first from the ARN, remembering the way to each resource for the message.
  const via = new Map<string, string[]>(referenced(arn).map((id) => [id, [id]]));
  const queue = [...via.keys()];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const path = via.get(id)!;
    if (watchedIds.has(id)) {
      const names = path.map((p) => byId.get(p)?.node.path ?? p);
      throw new Error(
        `"${prop}" refers to ${names.join(', which refers to ')}, which is in "watch": the pause must run before the watched resources change, so it cannot ` +
          `depend on one of them (a dependency cycle). Pass the ARN as a literal string (the replication exists since an earlier deployment), or remove ${names[names.length - 1]} from "watch"`,
      );
    }
    const resource = byId.get(id);
    if (!resource) continue;
    const body = Object.values((stack.resolve(resource._toCloudFormation()) as { Resources: Record<string, { Properties?: unknown }> }).Resources)[0];
    for (const next of referenced(body?.Properties ?? {})) {
      if (via.has(next)) continue;
      via.set(next, [...path, next]);
      queue.push(next);
    }
  }
}
