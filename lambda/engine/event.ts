import type { LifecycleEvent } from '../../contract';

/** The CloudFormation event as the Provider framework hands it to onEvent / isComplete. */
export interface CutoverEvent {
  readonly RequestType: LifecycleEvent | 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly RequestId?: string;
  readonly StackId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  /** On isComplete: the Data that onEvent returned. */
  readonly Data?: Record<string, string>;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  /** Replaces the physical id onEvent returned (the Provider framework sends isComplete's answer as is). */
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}
