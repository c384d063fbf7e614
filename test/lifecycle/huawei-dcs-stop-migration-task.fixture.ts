// The shared rig, secret and request builders of the Huawei DCS lifecycle tests (two files, run in parallel).
import { HuaweiDcsStopProps, LifecycleEvent, ResourceTypes } from '../../contract';
import { commonProps, Rig, startRig } from '../support/rig';

// Distinctive values, so a leak anywhere is unmistakable.
export const AK = 'HWAKLIFECYCLE0000001';
export const SK = 'hwSkLifecycleSecretValue0123456789abcdef';
export const SECRET_NAME = 'cutover/huawei-dcs-aksk';
export const PROJECT = '0123456789abcdef0123456789abcdef';
export const REQUEST_ID = /X-Request-Id [0-9a-f]{32}/;

export let rig: Rig;
export let secretArn: string;

/** Starts the file's rig and its AK/SK secret before its tests, and clears planted faults after each. */
export function useDcsRig(): void {
  beforeAll(async () => {
    rig = await startRig({ emulator: { dcs: { stopDurationMs: 300, projectId: PROJECT } } });
    rig.emulator.dcs.addCredentials({ accessKeyId: AK, secretAccessKey: SK });
    secretArn = rig.emulator.secretsManager.createSecret({ name: SECRET_NAME, value: JSON.stringify({ accessKeyId: AK, secretAccessKey: SK }) });
  });
  afterAll(() => rig.stop());
  afterEach(() => rig.emulator.faults.clear());
}

export interface RequestOptions {
  readonly runOn?: LifecycleEvent[];
  readonly waitForCompletion?: boolean;
  readonly timeoutSeconds?: number;
  readonly secretArn?: string;
}

export function request(taskId: string, type: 'Create' | 'Update' | 'Delete', options: RequestOptions = {}) {
  return {
    RequestType: type,
    ResourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
    LogicalResourceId: 'StopRedisSync',
    PhysicalResourceId: type === 'Create' ? undefined : physicalId(taskId),
    ResourceProperties: {
      [HuaweiDcsStopProps.PROJECT_ID]: PROJECT,
      [HuaweiDcsStopProps.TASK_ID]: taskId,
      [HuaweiDcsStopProps.ENDPOINT]: rig.emulator.dcsEndpoint,
      [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: options.secretArn ?? secretArn,
      ...commonProps(options),
    },
  };
}

export function physicalId(taskId: string): string {
  return `${PROJECT}/migration-task/${taskId}`;
}

export function dcsCalls(taskId: string, operation?: string) {
  return rig.emulator.callLog({ service: 'dcs', operation }).filter((c) => String(c.params.path).includes(taskId));
}

/** A secret whose SK the DCS gateway does not know for that AK. */
export function secretWithWrongSk(name: string, wrongSk: string): string {
  return rig.emulator.secretsManager.createSecret({ name, value: JSON.stringify({ accessKeyId: AK, secretAccessKey: wrongSk }) });
}
