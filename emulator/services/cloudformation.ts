import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { awsQuery, awsQueryRouting, isoTime, xmlElement, xmlList } from '../core/aws-query';
import { Caller, scopeOf, scopeOfArn, visibleTo } from '../core/identity';
import type { EmulatorRequest, EmulatorResponse, RenderedFaultKind, ServiceModule } from '../core/types';

const VERSION = '2010-05-15';
const query = awsQuery('http://cloudformation.amazonaws.com/doc/2010-05-15/');
const OPERATIONS = new Set(['DescribeStacks']);

export interface CfnStackState {
  readonly stackId: string;
  readonly stackName: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly parentId?: string;
  readonly rootId?: string;
  readonly createdAt: number;
  readonly updatedAt?: number;
}

export interface CfnStackSeed {
  readonly stackName: string;
  /** @default 'CREATE_COMPLETE' */
  readonly status?: string;
  /** The parent stack's StackId: the stack is nested (RootId is the parent's root). @default - a root stack */
  readonly parentId?: string;
  /** @default the parent's region, else 'us-east-1' */
  readonly region?: string;
  /** @default the parent's account, else '123456789012' */
  readonly account?: string;
  /** The StackId to use (the rehearsal names its stacks itself); its region and account win. @default - a new one */
  readonly stackId?: string;
}

/**
 * AWS CloudFormation over awsQuery, DescribeStacks only: what a custom-resource handler reads to tell
 * a teardown (DELETE_IN_PROGRESS) from a rollback (…ROLLBACK_IN_PROGRESS). Tests and the rehearsal
 * set a stack's status at any time. As CloudFormation does, a deleted stack is found only by its
 * StackId, and an unknown stack answers ValidationError "Stack with id X does not exist".
 */
export class CloudFormationService implements ServiceModule {
  readonly name = 'cloudformation';
  private readonly stacks = new Map<string, CfnStackState>();
  private readonly routing = awsQueryRouting('cloudformation', VERSION, OPERATIONS);
  readonly matches = this.routing.matches;
  readonly operationOf = this.routing.operationOf;

  constructor(
    private readonly clock: Clock,
    private readonly defaults = { region: 'us-east-1', account: '123456789012' },
  ) {}

  /** Adds a stack; returns its StackId (arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID). */
  seedStack(seed: CfnStackSeed): string {
    const parent = seed.parentId ? this.require(seed.parentId) : undefined;
    const { region, account } = scopeOf(seed, parent ? scopeOfArn(parent.stackId)! : this.defaults);
    const stackId = seed.stackId ?? `arn:aws:cloudformation:${region}:${account}:stack/${seed.stackName}/${randomUUID()}`;
    this.stacks.set(stackId, {
      stackId,
      stackName: seed.stackName,
      status: seed.status ?? 'CREATE_COMPLETE',
      parentId: parent?.stackId,
      rootId: parent ? (parent.rootId ?? parent.stackId) : undefined,
      createdAt: this.clock.now(),
    });
    return stackId;
  }

  /** Sets a stack's status now (the stack operation moved on). */
  setStackStatus(stackId: string, status: string, reason?: string): void {
    this.stacks.set(stackId, { ...this.require(stackId), status, statusReason: reason, updatedAt: this.clock.now() });
  }

  stack(stackId: string): CfnStackState | undefined {
    return this.stacks.get(stackId);
  }

  handle(request: EmulatorRequest): EmulatorResponse {
    const params = new URLSearchParams(request.body);
    return query.refuseUnknown(params, VERSION, OPERATIONS) ?? this.describeStacks(params.get('StackName') ?? undefined, request.caller);
  }

  renderFault(kind: RenderedFaultKind, request: EmulatorRequest): EmulatorResponse {
    return query.fault(kind, this.operationOf(request));
  }

  private describeStacks(stackName: string | undefined, caller: Caller): EmulatorResponse {
    const visible = [...this.stacks.values()].filter((s) => visibleTo(scopeOfArn(s.stackId)!, caller));
    let stacks: CfnStackState[];
    if (stackName === undefined) {
      stacks = visible.filter((s) => s.status !== 'DELETE_COMPLETE');
    } else {
      // A name finds the live stack of that name; a StackId finds the stack even once deleted.
      const found = visible.find((s) => s.stackId === stackName) ?? visible.find((s) => s.stackName === stackName && s.status !== 'DELETE_COMPLETE');
      if (!found) return query.error('ValidationError', `Stack with id ${stackName} does not exist`, 400);
      stacks = [found];
    }
    return query.ok('DescribeStacks', xmlList('Stacks', 'member', stacks.map(stackXml)));
  }

  private require(stackId: string): CfnStackState {
    const stack = this.stacks.get(stackId);
    if (!stack) throw new Error(`The emulator has no stack ${stackId}`);
    return stack;
  }
}

function stackXml(stack: CfnStackState): string {
  return [
    xmlElement('StackId', stack.stackId),
    xmlElement('StackName', stack.stackName),
    xmlElement('CreationTime', isoTime(stack.createdAt)),
    xmlElement('LastUpdatedTime', stack.updatedAt === undefined ? undefined : isoTime(stack.updatedAt)),
    xmlElement('StackStatus', stack.status),
    xmlElement('StackStatusReason', stack.statusReason),
    xmlElement('ParentId', stack.parentId),
    xmlElement('RootId', stack.rootId),
    xmlElement('DisableRollback', 'false'),
  ].join('');
}
