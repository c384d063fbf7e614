import { DmsReplicationStopProps, LifecycleEvent, ResourceTypes, TargetProps } from '../../contract';
import { START_UP_STATES, StopReasons } from '../../contract/dms-serverless';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// Emulated DMS Serverless: a stop takes 300 ms; the Provider polls every 50 ms. The handler runs as
// the emulator's default account (123456789012) in us-east-1.
const OTHER_ACCOUNT = '444455556666';
const ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/cutover-target`;
const EXTERNAL_ID = 'serverless-ext-1';
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { dmsServerless: { stopDurationMs: 300 } } });
  rig.emulator.sts.registerRole({ roleArn: ROLE, externalId: EXTERNAL_ID, trustedAccounts: ['123456789012'] });
});
afterAll(() => rig.stop());

type Options = Parameters<typeof commonProps>[0];

function request(
  type: CfnRequest['RequestType'],
  arn: string,
  options: Options = {},
  extra: Partial<CfnRequest> = {},
  location: Record<string, string> = {},
): CfnRequest {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.DMS_STOP_REPLICATION,
    LogicalResourceId: 'StopOrdersReplication',
    PhysicalResourceId: type === 'Create' ? undefined : arn,
    ResourceProperties: { [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: arn, ...location, ...commonProps(options) },
    ...extra,
  };
}

const serverless = () => rig.emulator.dmsServerless;
const calls = (operation: string, arn: string) =>
  rig.emulator.callLog({ service: 'dms', operation }).filter((c) => JSON.stringify(c.params).includes(arn));
const stopCalls = (arn: string) => calls('StopReplication', arn);
const acceptedStops = (arn: string) => stopCalls(arn).filter((c) => c.status === 200);
/** The shared listings (DescribeReplications without a filter) made since `from` (emulated ms). */
const listingsSince = (from: number) =>
  rig.emulator.callLog({ service: 'dms', operation: 'DescribeReplications' }).filter((c) => !c.params.Filters && c.at >= from);

describe('looking up the replication', () => {
  test('the first look reads the replication directly, filtered on its config ARN; the polls take it from the shared listing', async () => {
    // GIVEN a running replication
    const arn = serverless().seedReplication({ identifier: 'filtered' });
    const from = rig.emulator.clock.now();
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN one read asked DMS for exactly that config's replication, before it acted
    const direct = calls('DescribeReplications', arn);
    expect(direct).toHaveLength(1);
    expect(direct[0].params.Filters).toEqual([{ Name: 'replication-config-arn', Values: [arn] }]);
    expect(direct[0].at).toBeLessThanOrEqual(stopCalls(arn)[0].at);
    // AND every poll after it was answered by unfiltered listings (DescribeReplications has no resource-level permission anyway)
    expect(outcome.polls).toBeGreaterThan(1);
    expect(listingsSince(from).length).toBeGreaterThan(0);
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
  });

  test('a replication in the region its ARN names is looked for and stopped there, not in the Lambda\'s region', async () => {
    // GIVEN a replication in eu-west-1, and the handler running in us-east-1
    const arn = serverless().seedReplication({ identifier: 'elsewhere', region: 'eu-west-1' });
    const from = rig.emulator.clock.now();
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN it was found (directly and in the polls' listings) and stopped in eu-west-1
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(new Set([...calls('DescribeReplications', arn), ...stopCalls(arn), ...listingsSince(from)].map((c) => c.region))).toEqual(new Set(['eu-west-1']));
  });
});

describe('a replication in another account', () => {
  test('is stopped through the assumed role: every DMS call is signed by it, in the ARN\'s region and account', async () => {
    // GIVEN a running replication of another account in eu-west-1, and a role there trusting the stack's account
    const arn = serverless().seedReplication({ identifier: 'partner', region: 'eu-west-1', account: OTHER_ACCOUNT });
    const from = rig.emulator.clock.now();
    // WHEN the resource, with AssumedRoleArn and ExternalId, is deleted
    const outcome = await rig.send(request('Delete', arn, {}, {}, { [TargetProps.ASSUMED_ROLE_ARN]: ROLE, [TargetProps.EXTERNAL_ID]: EXTERNAL_ID }));
    // THEN it is stopped, every call about it made with the role's temporary key there
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    const keys = new Set(rig.emulator.sts.sessions().filter((session) => session.roleArn === ROLE).map((session) => session.accessKeyId));
    // (the polls' listings too: a listing only answers for the place its client looks)
    const all = [...calls('DescribeReplications', arn), ...stopCalls(arn), ...listingsSince(from)];
    expect(listingsSince(from).length).toBeGreaterThan(0);
    for (const call of all) {
      expect(keys.has(call.accessKeyId)).toBe(true);
      expect(call).toMatchObject({ account: OTHER_ACCOUNT, region: 'eu-west-1' });
    }
  });

  test('without a role, the Delete fails naming the ARN and "assumedRoleArn", and never reports NOT_FOUND', async () => {
    const arn = serverless().seedReplication({ identifier: 'unreachable', region: 'eu-west-1', account: OTHER_ACCOUNT });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(arn);
    expect(outcome.reason).toContain('"assumedRoleArn"');
    expect(calls('DescribeReplications', arn)).toHaveLength(0);
    expect(serverless().replication(arn)?.status).toBe('running');
  });
});

describe('stopping a replication', () => {
  test('on Delete of a running replication, stops it once and completes only once it reads stopped, with its stop reason and checkpoint', async () => {
    // GIVEN a running replication
    const arn = serverless().seedReplication({ identifier: 'orders' });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN the replication was stopped once and the resource completed when it read `stopped`
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StopReason: StopReasons.NORMAL });
    expect(outcome.data.RecoveryCheckpoint).toMatch(/^checkpoint:/);
    expect(serverless().replication(arn)?.status).toBe('stopped');
    expect(stopCalls(arn)).toHaveLength(1);
    expect(outcome.polls).toBeGreaterThan(1);
  });

  test('a replication starting up: the stop DMS refuses is retried at each look until it runs, then stopped', async () => {
    // GIVEN a replication in `initializing`, passing one start-up state every 60 ms
    const arn = serverless().seedReplication({ identifier: 'starting', startUpStepMs: 60 });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN the refused stops (InvalidResourceStateFault) did not fail it; one stop was accepted once running
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'DONE', Status: 'stopped', StopReason: StopReasons.NORMAL } });
    const refused = stopCalls(arn).filter((c) => c.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(acceptedStops(arn)).toHaveLength(1);
    expect(acceptedStops(arn)[0].at - serverless().replication(arn)!.createdAt).toBeGreaterThanOrEqual(START_UP_STATES.length * 60);
  });

  test.each(START_UP_STATES)('in start-up state %s, a stop is asked for at once (and refused by the emulated DMS)', async (status) => {
    // GIVEN a replication held in one start-up state
    const arn = serverless().seedReplication({ identifier: `held-${status}`, status, then: [{ afterMs: 150, status: 'running' }] });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN the first look asked for a stop, and it ended stopped
    expect(stopCalls(arn)[0].at - serverless().replication(arn)!.createdAt).toBeLessThan(150);
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
  });

  test('a stopping replication is only waited for, never stopped again', async () => {
    const arn = serverless().seedReplication({ identifier: 'stopping', status: 'stopping', then: [{ afterMs: 200, status: 'stopped', stopReason: StopReasons.NORMAL }] });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StopReason: StopReasons.NORMAL });
    expect(stopCalls(arn)).toHaveLength(0);
  });

  test.each(['stopped', 'created', 'failed'])('a replication that is already %s needs nothing: success without a stop call', async (status) => {
    const arn = serverless().seedReplication({ identifier: `at-rest-${status}`, status });
    const outcome = await rig.send(request('Delete', arn));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: status } });
    expect(stopCalls(arn)).toHaveLength(0);
  });

  test('a full-load replication that finishes by itself while a refused stop is retried is success with its stop reason', async () => {
    // GIVEN a full-load replication still starting up, which finishes its load by itself
    const arn = serverless().seedReplication({ identifier: 'full-load', status: 'replication_starting', replicationType: 'full-load', fullLoadFinishesAfterMs: 150 });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN it ended without an accepted stop, as stopped with FULL_LOAD_ONLY_FINISHED
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped', StopReason: StopReasons.FULL_LOAD_ONLY_FINISHED });
    expect(acceptedStops(arn)).toHaveLength(0);
  });

  test('a read-only replication (zero-ETL) fails at once, saying it must be stopped through its integration, and is not touched', async () => {
    // GIVEN a running replication managed by a zero-ETL integration
    const arn = serverless().seedReplication({ identifier: 'zero-etl', isReadOnly: true });
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', arn));
    // THEN it failed on the first call, naming the config, its state and the integration
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(arn);
    expect(outcome.reason).toContain('"running"');
    expect(outcome.reason).toContain('managed by a zero-ETL integration');
    expect(outcome.polls).toBe(0);
    expect(stopCalls(arn)).toHaveLength(0);
    expect(serverless().replication(arn)?.status).toBe('running');
  });

  test('with waitForCompletion false, completes as soon as DMS accepted the stop', async () => {
    const arn = serverless().seedReplication({ identifier: 'no-wait', stopDurationMs: 60_000 });
    const outcome = await rig.send(request('Delete', arn, { waitForCompletion: false }));
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED', Status: 'stopping' });
    expect(serverless().replication(arn)?.status).toBe('stopping');
  });
});

describe('runOn and physical ids', () => {
  test('with the defaults left out of the template, runs on Delete only', async () => {
    const arn = serverless().seedReplication({ identifier: 'defaults' });
    const bare = (type: CfnRequest['RequestType']) => ({ ...request(type, arn), ResourceProperties: { [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: arn } });
    const create = await rig.send(bare('Create'));
    expect(create).toMatchObject({ physicalResourceId: arn, data: { Outcome: 'SKIPPED' } });
    expect(serverless().replication(arn)?.status).toBe('running');
    const del = await rig.send(bare('Delete'));
    expect(del.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
  });

  test('with runOn [CREATE], Create stops the replication (a cutover step) and returns the config ARN as physical id', async () => {
    const arn = serverless().seedReplication({ identifier: 'cutover' });
    const outcome = await rig.send(request('Create', arn, { runOn: [LifecycleEvent.CREATE] }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: arn, data: { Outcome: 'DONE', Status: 'stopped' } });
  });

  test('an Update that changes the ARN returns the new ARN as physical id (a replacement); the old one is stopped by its Delete', async () => {
    const oldArn = serverless().seedReplication({ identifier: 'old' });
    const newArn = serverless().seedReplication({ identifier: 'new' });
    const outcome = await rig.send(
      request('Update', newArn, {}, { PhysicalResourceId: oldArn, OldResourceProperties: request('Create', oldArn).ResourceProperties }),
    );
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: newArn, data: { Outcome: 'SKIPPED' } });
    const cleanup = await rig.send(request('Delete', oldArn));
    expect(cleanup.data).toMatchObject({ Outcome: 'DONE', Status: 'stopped' });
    expect(serverless().replication(newArn)?.status).toBe('running');
  });
});

describe('missing replications', () => {
  const missing = 'arn:aws:dms:us-east-1:123456789012:replication-config:DOESNOTEXIST000000000000000';

  test('on Delete, ResourceNotFoundFault is success (NOT_FOUND)', async () => {
    const outcome = await rig.send(request('Delete', missing));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
    expect(calls('DescribeReplications', missing).at(-1)?.status).toBe(400);
  });

  test('on Delete, an empty Replications list is success (NOT_FOUND) too', async () => {
    serverless().noMatch = 'empty-list';
    try {
      const outcome = await rig.send(request('Delete', missing));
      expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
      expect(calls('DescribeReplications', missing).at(-1)?.status).toBe(200);
    } finally {
      serverless().noMatch = 'fault';
    }
  });

  test.each(['fault', 'empty-list'] as const)(
    'a listing that holds no replication at all (DMS answering %s) is no verdict: only a direct read says the replication is gone',
    async (noMatch) => {
      // GIVEN a stopping replication alone in its region, deleted outside the stack while the resource waits
      const region = noMatch === 'fault' ? 'ap-southeast-2' : 'ca-central-1';
      const arn = serverless().seedReplication({ identifier: `vanishing-${noMatch}`, region, status: 'stopping', then: [{ afterMs: 200, deleted: true }] });
      serverless().noMatch = noMatch;
      try {
        const from = rig.emulator.clock.now();
        // WHEN the stack deletes the resource
        const outcome = await rig.send(request('Delete', arn));
        // THEN the polls' listings held it, then none at all (ResourceNotFoundFault or an empty list) ...
        const listed = listingsSince(from).filter((c) => c.region === region);
        expect(listed.length).toBeGreaterThan(1);
        expect(listed[0].status).toBe(200);
        expect(listed.at(-1)!.status).toBe(noMatch === 'fault' ? 400 : 200);
        // ... and the config was then read directly, which alone reported it gone
        const direct = calls('DescribeReplications', arn);
        expect(direct).toHaveLength(2);
        expect(direct[1].at).toBeGreaterThanOrEqual(listed.at(-1)!.at);
        expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
      } finally {
        serverless().noMatch = 'fault';
      }
    },
  );

  test.each(['Create', 'Update'] as const)('on %s, a replication that does not exist fails with a reason naming the ARN', async (type) => {
    const outcome = await rig.send(request(type, missing, { runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`DMS Serverless replication of config ${missing} was not found`);
    expect(outcome.reason).toContain('"replicationConfigArn"');
  });
});

describe('deadlines', () => {
  test('a replication still stopping at the deadline fails with the config, its status and the elapsed time', async () => {
    const arn = serverless().seedReplication({ identifier: 'slow', stopDurationMs: 60_000 });
    const outcome = await rig.send(request('Delete', arn, { timeoutSeconds: 1 }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(new RegExp(`^Timed out after \\d+\\.\\ds \\(timeout 1\\.0s\\) waiting for DMS Serverless replication of config ${arn} to be stopped: it is still "stopping"`));
  });

  test('a replication whose stop DMS keeps refusing (stuck starting up) fails at the deadline with DMS\'s refusal', async () => {
    const arn = serverless().seedReplication({ identifier: 'stuck', status: 'provisioning_capacity' });
    const outcome = await rig.send(request('Delete', arn, { timeoutSeconds: 1 }));
    expect(outcome.status).toBe('FAILED');
    expect(stopCalls(arn).every((c) => c.status === 400)).toBe(true);
    // Each poll is its own invocation: when the last one is cut short by the deadline (a loaded
    // machine), its reason names the state and the unanswered call instead (the next test).
    if (outcome.reason?.includes('the service did not answer before the deadline')) return;
    expect(outcome.reason).toContain('it is still "provisioning_capacity, stop refused: InvalidResourceStateFault: ');
    expect(outcome.reason).toContain('PROVISIONING_CAPACITY');
    expect(outcome.reason).toContain('DMS refused the stop in this state');
  });

  test('a last look cut short by the deadline fails with the state it read, the unanswered call and what to do', async () => {
    // GIVEN a replication stuck starting up, whose first stop DMS refuses at once
    const arn = serverless().seedReplication({ identifier: 'stuck-slow', status: 'provisioning_capacity' });
    const pending = rig.send(request('Delete', arn, { timeoutSeconds: 1 }));
    while (stopCalls(arn).length === 0) await new Promise((r) => setTimeout(r, 5));
    // WHEN every later stop request is answered only after 3 s, so the look that makes one reads the
    // state and is then cut short by the 1 s deadline
    rig.emulator.faults.inject({ service: 'dms', operation: 'StopReplication', kind: 'slow', delayMs: 3_000, count: 1000 });
    try {
      const outcome = await pending;
      // THEN the reason names the state that look read, says the call went unanswered, and what to do
      expect(outcome.status).toBe('FAILED');
      expect(outcome.reason).toMatch(new RegExp(`^Timed out after \\d+\\.\\ds \\(timeout 1\\.0s\\) waiting for DMS Serverless replication of config ${arn} to be stopped: it is still "provisioning_capacity`));
      expect(outcome.reason).toContain('the service did not answer before the deadline');
      expect(outcome.reason).toContain('check it in the DMS console');
      expect(outcome.reason!.length).toBeLessThan(4096);
    } finally {
      rig.emulator.faults.clear();
    }
  });
});
