import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { decodeDmsAssessmentRun, DmsAssessmentProps as Props } from '../../contract';
import { AssessmentResultEncryption, DmsAssessmentRun, DmsAssessmentRunProps } from '../../lib';
import { agreementSuite, expectSameVerdict, newStack, thrown } from './agreement';

const TASK_ARN = 'arn:aws:dms:us-east-1:123456789012:task:ABCDEFGHIJKLMNOP';
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000000';

function construct(stack: Stack, overrides: Partial<DmsAssessmentRunProps>): void {
  new DmsAssessmentRun(stack, 'Assess', {
    replicationTaskArn: TASK_ARN,
    serviceAccessRole: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/dms-assessment'),
    resultLocationBucket: s3.Bucket.fromBucketName(stack, 'Bucket', 'orders-assessments'),
    ...overrides,
  });
}

function decode(overrides: Record<string, unknown>) {
  return decodeDmsAssessmentRun({
    [Props.REPLICATION_TASK_ARN]: TASK_ARN,
    [Props.SERVICE_ACCESS_ROLE_ARN]: 'arn:aws:iam::123456789012:role/dms-assessment',
    [Props.RESULT_LOCATION_BUCKET]: 'orders-assessments',
    [Props.RESULT_LOCATION_FOLDER]: '',
    [Props.RESULT_ENCRYPTION_MODE]: '',
    [Props.RESULT_KMS_KEY_ARN]: '',
    [Props.ASSESSMENT_RUN_NAME]: 'pre-cutover',
    [Props.TAGS]: [],
    [Props.FAIL_DEPLOYMENT_ON_FAILURE]: 'true',
    [Props.FAIL_ON_WARNING]: 'false',
    ...overrides,
  });
}

agreementSuite({
  prop: 'replicationTaskArn',
  cases: [
    { name: 'task ARN', value: TASK_ARN, valid: true },
    { name: 'task name', value: 'orders-task', valid: false },
    { name: 'endpoint ARN', value: 'arn:aws:dms:us-east-1:123456789012:endpoint:ABC', valid: false },
  ],
  synth: (stack, value) => construct(stack, { replicationTaskArn: value }),
  decode: (value) => decode({ [Props.REPLICATION_TASK_ARN]: value }),
});

agreementSuite({
  prop: 'assessmentRunName',
  cases: [
    { name: 'run name', value: 'pre-cutover', valid: true },
    { name: 'name with spaces', value: 'Pre Cutover!', valid: false },
    { name: 'name starting with a digit', value: '1st-run', valid: false },
    { name: 'name with two consecutive hyphens', value: 'pre--cutover', valid: false },
    { name: 'name with a trailing hyphen', value: 'pre-cutover-', valid: false },
    { name: '201 characters', value: `a${'b'.repeat(200)}`, valid: false },
  ],
  synth: (stack, value) => construct(stack, { assessmentRunName: value }),
  decode: (value) => decode({ [Props.ASSESSMENT_RUN_NAME]: value }),
});

agreementSuite({
  prop: 'resultLocationFolder',
  cases: [
    { name: 'key prefix', value: 'assessments/orders', valid: true },
    { name: 'key prefix with slashes around it (refused, not trimmed)', value: '/assessments/orders/', valid: false },
    { name: 'bucket root', value: '', valid: true },
    { name: 'only slashes', value: '//', valid: false },
  ],
  synth: (stack, value) => construct(stack, { resultLocationFolder: value }),
  decode: (value) => decode({ [Props.RESULT_LOCATION_FOLDER]: value }),
});

agreementSuite({
  prop: 'includeOnly',
  cases: [
    { name: 'assessment name', value: 'mysql-check-binlog-format', valid: true },
    { name: 'empty name', value: '', valid: false },
    { name: 'blank name', value: '  ', valid: false },
  ],
  synth: (stack, value) => construct(stack, { includeOnly: [value] }),
  decode: (value) => decode({ [Props.INCLUDE_ONLY]: [value] }),
});

describe('lists and encryption: the construct and decode agree', () => {
  test.each([
    ['includeOnly and exclude together', { includeOnly: ['a'], exclude: ['b'] }, { [Props.INCLUDE_ONLY]: ['a'], [Props.EXCLUDE]: ['b'] }, false],
    ['an empty includeOnly', { includeOnly: [] }, { [Props.INCLUDE_ONLY]: [] }, false],
    ['an empty exclude', { exclude: [] }, { [Props.EXCLUDE]: [] }, true],
    ['exclude alone', { exclude: ['mysql-check-server-id'] }, { [Props.EXCLUDE]: ['mysql-check-server-id'] }, true],
  ] as const)('%s', (_name, props, wire, valid) => {
    const synthError = thrown(() => construct(newStack(), props as unknown as Partial<DmsAssessmentRunProps>));
    const decodeError = thrown(() => decode(wire));
    expectSameVerdict(synthError, decodeError, valid);
  });

  test.each([
    ['SSE_KMS with a key', AssessmentResultEncryption.SSE_KMS, true, true],
    ['SSE_KMS without a key', AssessmentResultEncryption.SSE_KMS, false, false],
    ['SSE_S3 with a key', AssessmentResultEncryption.SSE_S3, true, false],
    ['SSE_S3 without a key', AssessmentResultEncryption.SSE_S3, false, true],
    ['no mode with a key', undefined, true, false],
    ['an unknown mode', 'AES256' as AssessmentResultEncryption, false, false],
  ] as const)('%s', (_name, mode, withKey, valid) => {
    const synthError = thrown(() => {
      const stack = newStack();
      construct(stack, { resultEncryptionMode: mode, resultKmsKey: withKey ? kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) : undefined });
    });
    const decodeError = thrown(() => decode({ [Props.RESULT_ENCRYPTION_MODE]: mode ?? '', [Props.RESULT_KMS_KEY_ARN]: withKey ? KEY_ARN : '' }));
    expectSameVerdict(synthError, decodeError, valid);
  });
});
