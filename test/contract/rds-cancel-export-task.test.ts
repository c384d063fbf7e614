import { decodeRdsCancelExportTask, RdsCancelExportProps } from '../../contract';
import { RdsCancelExportTask } from '../../lib';
import { agreementSuite } from './agreement';

agreementSuite({
  prop: 'exportTaskIdentifier',
  cases: [
    { name: 'export identifier', value: 'nightly-2026-11-22', valid: true },
    { name: 'export ARN', value: 'arn:aws:rds:us-east-1:123456789012:snapshot-export:nightly', valid: false },
    { name: 'identifier with a space', value: 'nightly export', valid: false },
    { name: 'blank identifier', value: '   ', valid: false },
    { name: 'empty string', value: '', valid: false },
  ],
  synth: (stack, value) => new RdsCancelExportTask(stack, 'Cancel', { exportTaskIdentifier: value }),
  decode: (value) => decodeRdsCancelExportTask({ [RdsCancelExportProps.EXPORT_TASK_IDENTIFIER]: value }),
});
