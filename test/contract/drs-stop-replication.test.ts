import { decodeDrsStopReplication, DrsStopProps } from '../../contract';
import { DrsStopReplication } from '../../lib';
import { agreementSuite } from './agreement';

agreementSuite({
  prop: 'sourceServerId',
  cases: [
    { name: 'source server id', value: 's-1234567890abcdef0', valid: true },
    { name: 'id with capitals', value: 's-1234567890ABCDEF0', valid: true },
    { name: 'short id', value: 's-123', valid: false },
    { name: 'source server ARN', value: 'arn:aws:drs:us-east-1:123456789012:source-server/s-1234567890abcdef0', valid: false },
    { name: 'id without "s-"', value: '1234567890abcdef012', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new DrsStopReplication(stack, 'Stop', { sourceServerId: value, acknowledgeSnapshotDeletion: true }),
  decode: (value) => decodeDrsStopReplication({ [DrsStopProps.SOURCE_SERVER_ID]: value }),
});
