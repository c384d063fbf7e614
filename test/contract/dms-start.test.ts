import { autoStartType, decodeDmsStartOptions, DmsStartProps, InvalidPropertyError, mayFallBackToFreshStart } from '../../contract';

describe('the AUTO rule', () => {
  test.each([
    ['a ready task without traces', { status: 'ready', strong: [], weak: [] }, 'start-replication'],
    ['a created serverless replication without traces', { status: 'created', strong: [], weak: [] }, 'start-replication'],
    ['a ready task with a checkpoint (modified after a run)', { status: 'ready', strong: ['RecoveryCheckpoint'], weak: [] }, 'resume-processing'],
    ['a ready task with only a ReplicationTaskStartDate', { status: 'ready', strong: [], weak: ['ReplicationTaskStartDate'] }, 'resume-processing'],
    ['a stopped task without any trace (a reading where DMS reports none)', { status: 'stopped', strong: [], weak: [] }, 'resume-processing'],
    ['a failed task', { status: 'failed', strong: ['StopReason'], weak: [] }, 'resume-processing'],
  ])('%s → %s', (_label, traces, expected) => {
    expect(autoStartType(traces)).toBe(expected);
  });

  test('falls back to a fresh start only for a never-run state whose only trace is the ambiguous start date', () => {
    expect(mayFallBackToFreshStart({ status: 'ready', strong: [], weak: ['ReplicationTaskStartDate'] })).toBe(true);
    expect(mayFallBackToFreshStart({ status: 'ready', strong: ['RecoveryCheckpoint'], weak: ['ReplicationTaskStartDate'] })).toBe(false);
    expect(mayFallBackToFreshStart({ status: 'stopped', strong: [], weak: ['ReplicationTaskStartDate'] })).toBe(false);
  });
});

describe('the handler decodes the start options with the construct\'s rules', () => {
  test('absent means AUTO with no CDC positions', () => {
    expect(decodeDmsStartOptions({})).toEqual({ startType: 'auto', cdcStartTime: undefined, cdcStartPosition: undefined, cdcStopPosition: undefined });
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['both CDC starts', { [DmsStartProps.CDC_START_TIME]: '2026-12-01T00:00:00.000Z', [DmsStartProps.CDC_START_POSITION]: '2026-12-01T00:00:00' }, /both set/],
    ['a malformed stop position', { [DmsStartProps.CDC_STOP_POSITION]: 'server_time:yesterday' }, /"cdcStopPosition"/],
    ['an unknown start type', { [DmsStartProps.START_TYPE]: 'restart' }, /"startType" is "restart"/],
    ['a start time that is no date', { [DmsStartProps.CDC_START_TIME]: 'soon' }, /"cdcStartTime"/],
  ])('refuses %s', (_label, properties, message) => {
    expect(() => decodeDmsStartOptions(properties)).toThrow(InvalidPropertyError);
    expect(() => decodeDmsStartOptions(properties)).toThrow(message);
  });

  test.each(['2026-12-24T18:00:00', 'checkpoint:V1#27#mysql-bin-changelog.157832:1975:-1:2002:677883278264080#0#0#*#0#93', 'mysql-bin-changelog.000024:373', '0/16B6C50'])(
    'accepts the CDC start position %s',
    (position) => {
      expect(decodeDmsStartOptions({ [DmsStartProps.CDC_START_POSITION]: position }).cdcStartPosition).toBe(position);
    },
  );
});
