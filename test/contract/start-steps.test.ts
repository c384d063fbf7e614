import { decodeDmsStartReplication, decodeDmsStartReplicationTask, decodeDrsStartReplication, DmsStartProps, DmsStartReplicationProps, DmsStartTaskProps, DrsStartProps } from '../../contract';
import { DmsStartReplication, DmsStartReplicationTask, DrsStartReplication } from '../../lib';
import { agreementSuite } from './agreement';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP';
const CONFIG_ARN = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

agreementSuite({
  prop: 'replicationTaskArn',
  cases: [
    { name: 'task ARN', value: TASK_ARN, valid: true },
    { name: 'replication config ARN', value: CONFIG_ARN, valid: false },
    { name: 'task name', value: 'orders-task', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn: value }),
  decode: (value) => decodeDmsStartReplicationTask({ [DmsStartTaskProps.REPLICATION_TASK_ARN]: value }),
});

agreementSuite({
  prop: 'replicationConfigArn',
  cases: [
    { name: 'config ARN', value: CONFIG_ARN, valid: true },
    { name: 'task ARN', value: TASK_ARN, valid: false },
    { name: 'config identifier', value: 'orders-serverless', valid: false },
  ],
  synth: (stack, value) => new DmsStartReplication(stack, 'Start', { replicationConfigArn: value }),
  decode: (value) => decodeDmsStartReplication({ [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: value }),
});

agreementSuite({
  prop: 'cdcStopPosition',
  cases: [
    { name: 'server time', value: 'server_time:2026-12-24T18:00:00', valid: true },
    { name: 'commit time', value: 'commit_time:2026-12-24T18:00:00', valid: true },
    { name: 'a bare date', value: '2026-12-24T18:00:00', valid: false },
    { name: 'an impossible date', value: 'server_time:2026-02-30T10:00:00', valid: false },
    { name: 'a date with a zone', value: 'server_time:2026-12-24T18:00:00Z', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new DmsStartReplicationTask(stack, 'Start', { replicationTaskArn: TASK_ARN, cdcStopPosition: value }),
  decode: (value) => decodeDmsStartReplicationTask({ [DmsStartTaskProps.REPLICATION_TASK_ARN]: TASK_ARN, [DmsStartProps.CDC_STOP_POSITION]: value }),
});

agreementSuite({
  prop: 'cdcStartPosition',
  cases: [
    { name: 'a date', value: '2026-12-24T18:00:00', valid: true },
    { name: 'a checkpoint', value: 'checkpoint:V1#27#mysql-bin-changelog.157832:1975:-1:2002:677883278264080#0#0#*#0#93', valid: true },
    { name: 'a MySQL position', value: 'mysql-bin-changelog.000024:373', valid: true },
    { name: 'a date with a space', value: '2026-12-24 18:00:00', valid: false },
    { name: 'a stop position', value: 'commit_time:2026-12-24T18:00:00', valid: false },
    { name: 'a checkpoint without its version', value: 'checkpoint:27#x', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new DmsStartReplication(stack, 'Start', { replicationConfigArn: CONFIG_ARN, cdcStartPosition: value }),
  decode: (value) => decodeDmsStartReplication({ [DmsStartReplicationProps.REPLICATION_CONFIG_ARN]: CONFIG_ARN, [DmsStartProps.CDC_START_POSITION]: value }),
});

agreementSuite({
  prop: 'sourceServerId',
  cases: [
    { name: 'source server id', value: 's-1234567890abcdef0', valid: true },
    { name: 'short id', value: 's-123', valid: false },
  ],
  synth: (stack, value) => new DrsStartReplication(stack, 'Start', { sourceServerId: value }),
  decode: (value) => decodeDrsStartReplication({ [DrsStartProps.SOURCE_SERVER_ID]: value }),
});
