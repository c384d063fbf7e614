// The shared rig and request builders of the DMS assessment-run lifecycle tests (two files, run in parallel).
import { DmsAssessmentProps as Props, LifecycleEvent, ResourceTypes } from '../../contract';
import type { CfnRequest } from '../../emulator/harness/provider-driver';
import { commonProps, Rig, startRig } from '../support/rig';

// Emulated DMS: a run spends 50 ms starting, 100 ms provisioning and 200 ms running; the Provider polls every 50 ms.
export let rig: Rig;

/** Starts the file's rig before its tests and stops it after them. */
export function useAssessmentRig(): void {
  beforeAll(async () => {
    rig = await startRig({ emulator: { dmsAssessments: { startingMs: 50, provisioningMs: 100, runningMs: 200, cancellingMs: 150 } } });
  });
  afterAll(() => rig.stop());
}

export const ROLE = 'arn:aws:iam::123456789012:role/dms-assessment';
export const BUCKET = 'orders-assessments';
export const CREATE_UPDATE = [LifecycleEvent.CREATE, LifecycleEvent.UPDATE];
export const ALL_EVENTS = [...CREATE_UPDATE, LifecycleEvent.DELETE];

export type Common = Parameters<typeof commonProps>[0];

export function properties(taskArn: string, overrides: Record<string, unknown> = {}, common: Common = {}): Record<string, unknown> {
  return {
    [Props.REPLICATION_TASK_ARN]: taskArn,
    [Props.SERVICE_ACCESS_ROLE_ARN]: ROLE,
    [Props.RESULT_LOCATION_BUCKET]: BUCKET,
    [Props.RESULT_LOCATION_FOLDER]: 'assessments/orders',
    [Props.RESULT_ENCRYPTION_MODE]: 'SSE_S3',
    [Props.RESULT_KMS_KEY_ARN]: '',
    [Props.ASSESSMENT_RUN_NAME]: 'orders-pre-cutover',
    [Props.TAGS]: [{ Key: 'team', Value: 'migration' }],
    [Props.FAIL_DEPLOYMENT_ON_FAILURE]: 'true',
    [Props.FAIL_ON_WARNING]: 'false',
    ...commonProps({ runOn: CREATE_UPDATE, ...common }),
    ...overrides,
  };
}

export function request(type: CfnRequest['RequestType'], props: Record<string, unknown>, extra: Partial<CfnRequest> = {}): CfnRequest {
  return { RequestType: type, ResourceType: ResourceTypes.DMS_ASSESSMENT_RUN, LogicalResourceId: 'PreCutoverCheck', ResourceProperties: props, ...extra };
}

/** A task that is ready to be assessed (created, never started). */
export function readyTask(identifier: string, status = 'stopped'): string {
  return rig.emulator.dms.seedTask({ identifier, status });
}

export const calls = (operation: string, needle: string) =>
  rig.emulator.callLog({ service: 'dms', operation }).filter((c) => JSON.stringify(c.params).includes(needle));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
