import { CommonProps, formatUndoRecord, parseUndoRecord, targetOfPhysicalId } from '../../contract';
import type { CutoverEvent } from '../../lambda/engine/event';
import type { RollbackPhase } from '../../lambda/engine/rollback-phase';
import { decideUndo, fingerprint, forwardPhysicalId, undoAware } from '../../lambda/engine/undo-record';

const TASK = 'arn:aws:dms:eu-west-1:444455556666:task:ORDERS';
const PROPS = { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f', ReplicationTaskArn: TASK, [CommonProps.UNDO_ON_ROLLBACK]: 'true' };
const rollingBack = (status: string): RollbackPhase => ({ known: true, rollback: true, teardown: false, status, seen: `stack "app" is ${status}` });
const forward: RollbackPhase = { known: true, rollback: false, teardown: false, status: 'UPDATE_IN_PROGRESS', seen: 'stack "app" is UPDATE_IN_PROGRESS' };

function event(requestType: 'Create' | 'Update' | 'Delete', physicalId: string | undefined, properties: Record<string, unknown>, old?: Record<string, unknown>): CutoverEvent {
  return { RequestType: requestType, ResourceType: 'Custom::CutoverDmsStopReplicationTask', LogicalResourceId: 'Stop', PhysicalResourceId: physicalId, ResourceProperties: properties, OldResourceProperties: old };
}

describe('the record in the physical id', () => {
  test('GIVEN a record WHEN formatted and parsed THEN it comes back whole, for any target id', () => {
    for (const targetId of [TASK, 's-1234567890abcdef0', 'weird|undo:id']) {
      const id = formatUndoRecord({ targetId, action: 'resume', fingerprint: '0123456789ab' })!;
      expect(parseUndoRecord(id)).toEqual({ targetId, action: 'resume', fingerprint: '0123456789ab' });
      expect(targetOfPhysicalId(id)).toBe(targetId);
    }
  });

  test('GIVEN a physical id without a record WHEN parsed THEN there is none, and the id is the target', () => {
    expect(parseUndoRecord(TASK)).toBeUndefined();
    expect(parseUndoRecord(`${TASK}|undo:launch:0123456789ab`)).toBeUndefined();
    expect(targetOfPhysicalId(TASK)).toBe(TASK);
  });

  test('GIVEN a target id so long the record would pass CloudFormation\'s 1 KB limit WHEN formatted THEN there is no record', () => {
    expect(formatUndoRecord({ targetId: 'x'.repeat(1020), action: 'stop', fingerprint: '0123456789ab' })).toBeUndefined();
  });

  test('GIVEN the same properties in another key order WHEN fingerprinted THEN the fingerprint is the same; another value changes it', () => {
    expect(fingerprint({ a: '1', b: ['x', { d: '2', c: '3' }] })).toBe(fingerprint({ b: ['x', { c: '3', d: '2' }], a: '1' }));
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }));
    expect(fingerprint({ a: '1' })).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('the physical id of a Create or Update under undoOnRollback', () => {
  test('GIVEN a step that acted WHEN it settles THEN the id carries the record of this deployment\'s properties', () => {
    const id = forwardPhysicalId(event('Create', undefined, PROPS), TASK, { action: 'resume' });
    expect(parseUndoRecord(id)).toEqual({ targetId: TASK, action: 'resume', fingerprint: fingerprint(PROPS) });
  });

  test('GIVEN an Update that did not act WHEN the current id names the same target THEN it is kept (no replacement)', () => {
    const earlier = formatUndoRecord({ targetId: TASK, action: 'resume', fingerprint: 'aaaaaaaaaaaa' })!;
    expect(forwardPhysicalId(event('Update', earlier, PROPS, PROPS), TASK, undefined)).toBe(earlier);
  });

  test('GIVEN a Create, or an Update to another target, that did not act THEN the id is the plain target id', () => {
    expect(forwardPhysicalId(event('Create', undefined, PROPS), TASK, undefined)).toBe(TASK);
    expect(forwardPhysicalId(event('Update', 'arn:aws:dms:eu-west-1:444455556666:task:OTHER', PROPS, PROPS), TASK, undefined)).toBe(TASK);
  });
});

describe('what a rollback does under undoOnRollback', () => {
  const recorded = (props: Record<string, unknown>) => formatUndoRecord({ targetId: TASK, action: 'resume', fingerprint: fingerprint(props) })!;

  test('GIVEN a Create WHEN asked THEN the status is never read (a Create is never a rollback)', () => {
    expect(undoAware(event('Create', undefined, PROPS))).toBe(false);
    expect(undoAware(event('Delete', TASK, { ReplicationTaskArn: TASK }))).toBe(false);
    expect(undoAware(event('Update', TASK, { ReplicationTaskArn: TASK }, PROPS))).toBe(true);
  });

  test('GIVEN a rollback Delete whose record matches its properties THEN it undoes', () => {
    const decision = decideUndo(event('Delete', recorded(PROPS), PROPS), rollingBack('ROLLBACK_IN_PROGRESS'), 'task');
    expect(decision).toMatchObject({ kind: 'undo', acted: PROPS, record: { action: 'resume', targetId: TASK } });
  });

  test('GIVEN a rollback Update whose record matches the failed (old) properties THEN it undoes', () => {
    const failed = { ...PROPS, TimeoutSeconds: '600' };
    const decision = decideUndo(event('Update', recorded(failed), PROPS, failed), rollingBack('UPDATE_ROLLBACK_IN_PROGRESS'), 'task');
    expect(decision).toMatchObject({ kind: 'undo', acted: failed });
  });

  test('GIVEN a record of an earlier deployment WHEN its own Update failed and rolls back THEN nothing is undone, and the note says why', () => {
    const failed = { ...PROPS, TimeoutSeconds: '600' };
    const decision = decideUndo(event('Update', recorded(PROPS), PROPS, failed), rollingBack('UPDATE_ROLLBACK_IN_PROGRESS'), 'DMS replication task T');
    expect(decision.kind).toBe('skip');
    expect(decision.kind === 'skip' && decision.note).toMatch(/earlier, successful deployment/);
  });

  test('GIVEN no record WHEN a rollback deletes THEN nothing is undone, and the note says the step did not change the target', () => {
    const decision = decideUndo(event('Delete', TASK, PROPS), rollingBack('ROLLBACK_IN_PROGRESS'), 'DMS replication task T');
    expect(decision.kind === 'skip' && decision.note).toMatch(/^Rollback \(stack "app" is ROLLBACK_IN_PROGRESS\): nothing to undo\. This step did not change DMS replication task T/);
  });

  test('GIVEN a stack that is not rolling back WHEN decided THEN the normal lifecycle runs with the phase read', () => {
    expect(decideUndo(event('Delete', recorded(PROPS), PROPS), forward, 'task')).toEqual({ kind: 'forward', phase: forward });
  });

  test('GIVEN a status that cannot be read WHEN the id carries a record THEN it fails with the reason; a Delete without one falls back on the teardown rules', () => {
    const unsure: RollbackPhase = { known: false, why: 'the status of stack S could not be read (AccessDenied)', advice: 'Grant it.' };
    expect(() => decideUndo(event('Delete', recorded(PROPS), PROPS), unsure, 'task T')).toThrow(/Did not touch task T: "undoOnRollback" is on.*could not be read \(AccessDenied\)\. Grant it\./);
    expect(() => decideUndo(event('Update', TASK, PROPS, PROPS), unsure, 'task T')).toThrow(/could not tell whether this Update rolls back/);
    expect(decideUndo(event('Delete', TASK, PROPS), unsure, 'task')).toEqual({ kind: 'forward', phase: unsure });
  });
});
