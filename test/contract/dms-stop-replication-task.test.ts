import { decodeDmsStopReplicationTask, DmsStopProps } from '../../contract';
import { DmsStopReplicationTask } from '../../lib';
import { agreementSuite, thrown } from './agreement';

agreementSuite({
  prop: 'replicationTaskArn',
  cases: [
    { name: 'task ARN', value: 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP', valid: true },
    { name: 'task ARN in another partition', value: 'arn:aws-cn:dms:cn-north-1:123456789012:task:ABC-123', valid: true },
    { name: 'RDS ARN', value: 'arn:aws:rds:us-east-1:123456789012:db:orders', valid: false },
    { name: 'DMS endpoint ARN', value: 'arn:aws:dms:us-east-1:123456789012:endpoint:ABC', valid: false },
    { name: 'task name', value: 'orders-task', valid: false },
    { name: 'DMS Serverless replication config ARN', value: 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEF', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new DmsStopReplicationTask(stack, 'Stop', { replicationTaskArn: value }),
  decode: (value) => decodeDmsStopReplicationTask({ [DmsStopProps.REPLICATION_TASK_ARN]: value }),
});

test('a replication config ARN: the handler refuses it with a message pointing to DmsStopReplication', () => {
  // GIVEN a DMS Serverless config ARN where a task ARN belongs
  const arn = 'arn:aws:dms:us-east-1:123456789012:replication-config:ABCDEF';
  // WHEN the handler decodes it
  const decodeError = thrown(() => decodeDmsStopReplicationTask({ [DmsStopProps.REPLICATION_TASK_ARN]: arn }));
  // THEN the message names the construct that stops serverless replications, and its prop
  expect(decodeError).toContain('DmsStopReplication ("replicationConfigArn")');
});
