import { LifecycleEvent, RdsCancelExportProps, ResourceTypes } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';
import { signedPost } from '../support/signed-fetch';

// Emulated RDS: a cancel takes 300 ms from CANCELING to CANCELED; the Provider polls every 50 ms.
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ emulator: { rds: { cancelDurationMs: 300 } } });
});
afterAll(() => rig.stop());

type Options = Parameters<typeof commonProps>[0];
let seq = 0;
const uniqueId = (label: string) => `${label}-${++seq}`;

function request(type: CfnRequest['RequestType'], id: string, options: Options = {}, extra: Partial<CfnRequest> = {}): CfnRequest {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.RDS_CANCEL_EXPORT_TASK,
    LogicalResourceId: 'CancelNightlyExport',
    PhysicalResourceId: type === 'Create' ? undefined : id,
    ResourceProperties: { [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: id, ...commonProps(options) },
    ...extra,
  };
}

const callsFor = (id: string, operation?: string) =>
  rig.emulator.callLog({ service: 'rds', operation }).filter((c) => c.params.ExportTaskIdentifier === id);
const cancelCalls = (id: string) => callsFor(id, 'CancelExportTask');

describe('cancelling an export', () => {
  test.each(['IN_PROGRESS', 'STARTING'] as const)(
    'on Delete of a %s export, cancels it once and completes only once it is CANCELED, with the S3 location',
    async (status) => {
      // GIVEN an export writing to s3://analytics-exports/nightly/
      const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('running'), status, s3Bucket: 'analytics-exports', s3Prefix: 'nightly' });
      // WHEN the stack deletes the resource
      const outcome = await rig.send(request('Delete', id));
      // THEN the export was cancelled once, the resource waited for CANCELED, and says where the data is
      expect(outcome.status).toBe('SUCCESS');
      expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'CANCELED', S3Bucket: 'analytics-exports', S3Prefix: 'nightly' });
      expect(rig.emulator.rds.exportTask(id)?.status).toBe('CANCELED');
      expect(callsFor(id)[0].operation).toBe('DescribeExportTasks');
      expect(cancelCalls(id)).toHaveLength(1);
      expect(outcome.polls).toBeGreaterThan(1);
    },
  );

  test('a CANCELING export is only waited for, never cancelled again', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('canceling'), status: 'CANCELING', then: [{ afterMs: 200, status: 'CANCELED' }] });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'CANCELED' });
    expect(cancelCalls(id)).toHaveLength(0);
  });

  test.each(['COMPLETE', 'FAILED', 'CANCELED'] as const)(
    'an export that already ended as %s needs nothing: success, the Status attribute says which, and the S3 location is returned',
    async (status) => {
      const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId(status.toLowerCase()), status, s3Prefix: 'exports/2026-11-22' });
      const outcome = await rig.send(request('Delete', id));
      expect(outcome).toMatchObject({
        status: 'SUCCESS',
        data: { Outcome: 'NOTHING_TO_DO', Status: status, S3Bucket: 'cutover-exports', S3Prefix: 'exports/2026-11-22' },
      });
      expect(callsFor(id, 'DescribeExportTasks')).toHaveLength(1);
      expect(cancelCalls(id)).toHaveLength(0);
    },
  );

  test('an export that completes between describe and cancel (InvalidExportTaskStateFault) is success with status COMPLETE', async () => {
    // GIVEN an export in progress that RDS finishes just before our cancel arrives
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('race') });
    rig.emulator.rds.beforeNext('CancelExportTask', () => rig.emulator.rds.setStatus(id, 'COMPLETE'));
    // WHEN the stack deletes the resource
    const outcome = await rig.send(request('Delete', id));
    // THEN the refused cancel led to a second look, which found it COMPLETE: success, nothing cancelled
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOTHING_TO_DO', Status: 'COMPLETE', S3Bucket: 'cutover-exports' } });
    expect(cancelCalls(id).map((c) => c.status)).toEqual([400]);
    expect(callsFor(id).map((c) => c.operation)).toEqual(['DescribeExportTasks', 'CancelExportTask', 'DescribeExportTasks']);
  });

  test('a refused cancel for an export that is still in progress is retried at the next poll', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('refused-once') });
    rig.emulator.faults.inject({ service: 'rds', operation: 'CancelExportTask', kind: 'invalid-state', count: 1 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'CANCELED' });
    expect(cancelCalls(id).map((c) => c.status)).toEqual([400, 200]);
  });

  test('an export that fails by itself while being waited for is success with status FAILED', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('fails'), status: 'CANCELING', then: [{ afterMs: 150, status: 'FAILED', failureCause: 'S3 access denied' }] });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'FAILED' });
  });

  test('with waitForCompletion false, completes once RDS accepted the cancel, still returning the S3 location', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('no-wait'), cancelDurationMs: 60_000, s3Prefix: 'p' });
    const outcome = await rig.send(request('Delete', id, { waitForCompletion: false }));
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED', Status: 'CANCELING', S3Bucket: 'cutover-exports', S3Prefix: 'p' });
    expect(outcome.polls).toBe(1);
    expect(rig.emulator.rds.exportTask(id)?.status).toBe('CANCELING');
  });
});

describe('deadlines', () => {
  test('an export not CANCELED by the deadline fails with the export, its status and the next step', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('slow'), cancelDurationMs: 60_000 });
    const outcome = await rig.send(request('Delete', id, { timeoutSeconds: 1 }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(new RegExp(`^Timed out after \\d+\\.\\ds \\(timeout 1\\.0s\\) waiting for RDS export task ${id} to be CANCELED \\(or otherwise ended\\): it is still "CANCELING"\\. The cancel request stays in effect`));
    expect(outcome.elapsedMs).toBeLessThanOrEqual(1000 + 50 + 250);
    expect(cancelCalls(id)).toHaveLength(1);
  });
});

describe('runOn and physical ids', () => {
  test('on Create with the default runOn [DELETE], does nothing and succeeds', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('untouched') });
    const outcome = await rig.send(request('Create', id));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: id, data: { Outcome: 'SKIPPED', S3Bucket: '', S3Prefix: '' } });
    expect(callsFor(id)).toHaveLength(0);
    expect(rig.emulator.rds.exportTask(id)?.status).toBe('IN_PROGRESS');
  });

  test('with runOn [CREATE], Create cancels the export and the identifier is the physical id', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('cutover') });
    const outcome = await rig.send(request('Create', id, { runOn: [LifecycleEvent.CREATE] }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: id, data: { Outcome: 'DONE', Status: 'CANCELED' } });
  });
});

describe('missing exports', () => {
  test('on Delete, an export RDS reports as ExportTaskNotFound is success', async () => {
    const outcome = await rig.send(request('Delete', 'never-started'));
    expect(outcome).toMatchObject({ status: 'SUCCESS', data: { Outcome: 'NOT_FOUND', Status: 'NOT_FOUND' } });
    expect(callsFor('never-started', 'DescribeExportTasks').map((c) => c.status)).toEqual([404]);
  });

  test.each(['Create', 'Update'] as const)('on %s, an export that does not exist fails with a reason naming the identifier', async (type) => {
    const outcome = await rig.send(request(type, 'never-started', { runOn: [LifecycleEvent.CREATE, LifecycleEvent.UPDATE] }));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('RDS export task never-started was not found');
    expect(outcome.reason).toContain('"exportTaskIdentifier"');
  });
});

describe('faults', () => {
  test('throttling (400 Throttling) is retried and does not fail the deployment', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('throttled') });
    rig.emulator.faults.inject({ service: 'rds', kind: 'throttle', count: 4 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'CANCELED' });
    expect(rig.emulator.callLog({ service: 'rds' }).filter((c) => c.fault === 'throttle').map((c) => c.status)).toEqual([400, 400, 400, 400]);
  });

  test.each(['server-error', 'unavailable', 'malformed', 'drop'] as const)('%s is looked at again and does not fail the deployment', async (kind) => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId(kind) });
    rig.emulator.faults.inject({ service: 'rds', operation: 'DescribeExportTasks', kind, count: 3 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'CANCELED' });
    expect(rig.emulator.faults.pending()).toBe(0);
  });

  test('an empty 200 answer (no DescribeExportTasksResult) is not mistaken for a missing export', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('empty') });
    rig.emulator.faults.inject({ service: 'rds', operation: 'DescribeExportTasks', kind: 'empty', count: 1 });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.data).toMatchObject({ Outcome: 'DONE', Status: 'CANCELED' });
  });

  test('a malformed answer to CancelExportTask is looked at again, not taken as a cancel', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('cancel-malformed') });
    rig.emulator.faults.inject({ service: 'rds', operation: 'CancelExportTask', kind: 'malformed', count: 1 });
    const outcome = await rig.send(request('Delete', id, { waitForCompletion: false }));
    // The first cancel's answer was unreadable: the next poll cancels again and only then reports ISSUED.
    expect(outcome.data).toMatchObject({ Outcome: 'ISSUED', Status: 'CANCELING' });
    expect(cancelCalls(id).map((c) => c.fault ?? c.status)).toEqual(['malformed', 200]);
  });

  test('an IAM denial of CancelExportTask fails at once, naming the action and the export', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('denied') });
    rig.emulator.faults.inject({ service: 'rds', operation: 'CancelExportTask', kind: 'access-denied' });
    const outcome = await rig.send(request('Delete', id));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain(`Access denied calling rds:CancelExportTask for RDS export task ${id} (last seen "IN_PROGRESS")`);
    expect(rig.emulator.rds.exportTask(id)?.status).toBe('IN_PROGRESS');
  });
});

describe('the emulator speaks awsQuery as RDS does', () => {
  const post = (form: Record<string, string>) =>
    signedPost(rig.emulator, 'rds', '/', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Version: '2014-10-31', ...form }).toString(),
    });

  test('DescribeExportTasks wraps <ExportTask> items in <DescribeExportTasksResult> and filters on lower-case status', async () => {
    const id = rig.emulator.rds.seedExportTask({ identifier: uniqueId('wire'), s3Prefix: 'a&b' });
    const res = await post({ Action: 'DescribeExportTasks', 'Filters.Filter.1.Name': 'export-task-identifier', 'Filters.Filter.1.Values.Value.1': id, 'Filters.Filter.2.Name': 'status', 'Filters.Filter.2.Values.Value.1': 'in_progress' });
    const xml = await res.text();
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(xml).toMatch(/^<DescribeExportTasksResponse xmlns="http:\/\/rds\.amazonaws\.com\/doc\/2014-10-31\/"><DescribeExportTasksResult><ExportTasks><ExportTask><ExportTaskIdentifier>/);
    expect(xml).toContain('<Status>IN_PROGRESS</Status>');
    expect(xml).toContain('<S3Prefix>a&amp;b</S3Prefix>');
    expect(xml).toContain(`<ResponseMetadata><RequestId>${res.headers.get('x-amzn-requestid')}</RequestId></ResponseMetadata>`);
  });

  test('errors use the wire codes ExportTaskNotFound (404) and InvalidExportTaskStateFault (400)', async () => {
    const missing = await post({ Action: 'CancelExportTask', ExportTaskIdentifier: 'nope' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>ExportTaskNotFound<\/Code>/);
    const done = rig.emulator.rds.seedExportTask({ identifier: uniqueId('wire-done'), status: 'COMPLETE' });
    const refused = await post({ Action: 'CancelExportTask', ExportTaskIdentifier: done });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>InvalidExportTaskStateFault</Code>');
  });
});
