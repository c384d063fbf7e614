import { decodeDmsStopReplication, DmsReplicationStopProps } from '../../contract';
import { DmsStopReplication } from '../../lib';
import { agreementSuite, thrown } from './agreement';

const CONFIG_ARN = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP';

agreementSuite({
  prop: 'replicationConfigArn',
  cases: [
    { name: 'replication config ARN', value: CONFIG_ARN, valid: true },
    { name: 'replication config ARN in another partition', value: 'arn:aws-cn:dms:cn-north-1:123456789012:replication-config:ABC-123', valid: true },
    { name: 'replication task ARN', value: TASK_ARN, valid: false },
    { name: 'DMS endpoint ARN', value: 'arn:aws:dms:us-east-1:123456789012:endpoint:ABC', valid: false },
    { name: 'RDS ARN', value: 'arn:aws:rds:us-east-1:123456789012:db:orders', valid: false },
    { name: 'config identifier', value: 'orders-replication', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new DmsStopReplication(stack, 'Stop', { replicationConfigArn: value }),
  decode: (value) => decodeDmsStopReplication({ [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: value }),
});

test('a task ARN: the construct and the handler give the same message, pointing to DmsStopReplicationTask', () => {
  // GIVEN a classic task ARN where a replication config ARN belongs
  // WHEN both sides judge it
  const decodeError = thrown(() => decodeDmsStopReplication({ [DmsReplicationStopProps.REPLICATION_CONFIG_ARN]: TASK_ARN }));
  // THEN the one rule's message names the other construct and its prop
  expect(decodeError).toContain('DmsStopReplicationTask ("replicationTaskArn")');
});
