import { DrsStartProps, LifecycleEvent, ResourceTypes, TargetProps } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// Emulated DRS: a start reads INITIATING for 100 ms and INITIAL_SYNC for 200 ms, then CONTINUOUS; polls every 50 ms.
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { drsStarts: { initiatingMs: 100, initialSyncMs: 200 } } });
});
afterAll(() => rig.stop());

function request(type: CfnRequest['RequestType'], id: string, extra: Record<string, string> = {}): CfnRequest {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DRS_START_REPLICATION,
    LogicalResourceId: 'Protect',
    PhysicalResourceId: type === 'Create' ? undefined : id,
    ResourceProperties: { [DrsStartProps.SOURCE_SERVER_ID]: id, ...commonProps({ runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] }), ...extra },
  };
}

const starts = (id: string) => rig.emulator.callLog({ service: 'drs', operation: 'StartReplication' }).filter((c) => JSON.stringify(c.params).includes(id));

describe('starting DRS replication', () => {
  test('a STOPPED server is started and waited for through its re-sync until CONTINUOUS', async () => {
    // GIVEN a server whose replication was stopped
    const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'STOPPED' });
    // WHEN the stack creates the start step
    const outcome = await rig.send(request('Create', id));
    // THEN DRS was asked once, and the step completed only when replication was CONTINUOUS again
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'CONTINUOUS' });
    expect(Number(outcome.data.StartRequestedAt)).toBeGreaterThan(0);
    expect(rig.emulator.drsStarts.startInitiations(id)).toBe(1);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(300);
  });

  test('a CONTINUOUS server is success with no call', async () => {
    const id = rig.emulator.drs.seedSourceServer();
    const outcome = await rig.send(request('Create', id));
    expect(outcome.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'CONTINUOUS', StartRequestedAt: '' });
    expect(starts(id)).toHaveLength(0);
  });

  test.each(['INITIAL_SYNC', 'BACKLOG', 'CREATING_SNAPSHOT', 'RESCAN'])('a server in %s is waited for with no call', async (state) => {
    const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: state, then: [{ afterMs: 200, dataReplicationState: 'CONTINUOUS' }] });
    const outcome = await rig.send(request('Create', id));
    expect(outcome.data).toMatchObject({ Outcome: 'NOTHING_TO_DO', Status: 'CONTINUOUS' });
    expect(outcome.data.Note).toContain(state);
    expect(starts(id)).toHaveLength(0);
  });

  test.each([
    ['STALLED', 'stalled'],
    ['DISCONNECTED', 'agent'],
  ])('a server that becomes %s fails with a reason', async (state, words) => {
    const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'INITIAL_SYNC', then: [{ afterMs: 100, dataReplicationState: state, replicationError: 'SNAPSHOTS_FAILURE' }] });
    const outcome = await rig.send(request('Create', id));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(state);
    expect(outcome.reason).toContain(words);
  });

  test('a region where DRS was never initialized fails with a reason naming the region and what to do', async () => {
    rig.emulator.drs.uninitializedRegions.add('eu-central-1');
    const outcome = await rig.send(request('Create', 's-1234567890abcdef0', { [TargetProps.REGION]: 'eu-central-1' }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('not initialized in region eu-central-1');
    expect(outcome.reason).toContain('initialize');
  });

  test('a server that does not exist fails Create', async () => {
    const outcome = await rig.send(request('Create', 's-00000000000000000'));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('was not found');
  });

  test('a PAUSED server is waited for, then started once it reads STOPPED', async () => {
    const id = rig.emulator.drs.seedSourceServer({ dataReplicationState: 'PAUSED', then: [{ afterMs: 150, dataReplicationState: 'STOPPED' }] });
    const outcome = await rig.send(request('Create', id));
    expect(outcome.data).toMatchObject({ Status: 'CONTINUOUS' });
    expect(starts(id).filter((c) => c.status === 200)).toHaveLength(1);
  });
});
