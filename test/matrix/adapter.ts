import type { Rig } from '../support/rig';

/** A target seeded into the emulator, and the resource properties that point at it. */
export interface Seeded {
  /** Identifier of the target (ARN, id) as it appears in failure reasons. */
  readonly id: string;
  /** Operation-specific resource properties (common properties are added by the matrix). */
  readonly properties: Record<string, unknown>;
}

/** How the fault matrix drives one operation; one small adapter per operation. */
export interface MatrixAdapter {
  /** The construct's name, for test titles. */
  readonly name: string;
  readonly resourceType: string;
  /** The emulator service whose faults apply. */
  readonly service: string;
  /** The API operation that performs the effect (stop, cancel…). */
  readonly actionOperation: string;
  /** The IAM action a denial of `actionOperation` must name. */
  readonly actionPermission: string;
  /** Noun used in failure reasons, e.g. "DMS replication task". */
  readonly targetKind: string;
  /** The event on which the operation does its work: Delete for teardown, Create for a gate. */
  readonly actionEvent: 'Create' | 'Delete';
  /** The physical id a successful Create/Update must return for a target. */
  expectedPhysicalId(seeded: Seeded): string | RegExp;
  /**
   * How a Create that is still waiting ends when a Delete of the same resource arrives: a stop keeps
   * going and succeeds; a gate whose run the Delete cancels fails (CloudFormation no longer cares).
   */
  readonly createOutcomeWhenDeleted: 'SUCCESS' | 'FAILED';
  /** Seeds a live target that the operation must act on and wait for, taking `durationMs` to settle. */
  seedLive(rig: Rig, durationMs: number): Seeded;
  /** Properties for a target that does not exist. */
  missing(rig: Rig): Seeded;
  /** The target's state in the emulator now (undefined when gone). */
  stateOf(rig: Rig, seeded: Seeded): string | undefined;
  /** The state the operation waits for. */
  readonly doneState: string;
  /** How many times the service accepted the effect for this target. */
  effects(rig: Rig, seeded: Seeded): number;
  /** Deletes the target behind the stack's back. */
  deleteOutOfBand(rig: Rig, seeded: Seeded): void;
}

/**
 * Whether a logged call reached the service: a 200 the emulator answered itself. A malformed or
 * empty answer is injected in place of the service's (nothing happened); a slow one is the real
 * answer, late.
 */
export const reachedService = (call: { status: number | 'dropped'; fault?: string }): boolean =>
  call.status === 200 && call.fault !== 'malformed' && call.fault !== 'empty';
