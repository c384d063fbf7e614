import { randomBytes } from 'node:crypto';
import { HuaweiDcsStopProps, ResourceTypes } from '../../../contract';
import type { Emulator } from '../../index';
import { token } from '../physical-ids';
import { stringProperty, type SeedContext, type Seeder } from './types';

// Stopping a DCS online migration lets the incremental sync drain first: about half a minute.
const DEFAULT_STOP_SECONDS = 30;
const CREDENTIALS = new Set(['valid', 'wrong-secret-key', 'missing']);

/**
 * HuaweiDcsStopMigrationTask: a migrating DCS task, and an AK/SK secret the emulated gateway
 * accepts. The handler is pointed at the emulator (the Endpoint and secret ARN it receives); the
 * keys are random per rehearsal and never printed.
 */
export const huaweiDcsStopMigrationTaskSeeder: Seeder = {
  resourceType: ResourceTypes.HUAWEI_DCS_STOP_MIGRATION_TASK,
  stateKeys: {
    exists: 'false: the migration task does not exist',
    status: 'the task status (default "INCRMIGEATING"; e.g. "FULLMIGRATING", "TERMINATED", "SUCCESS")',
    taskName: 'the task name (default: the resource\'s construct id)',
    migrationMethod: 'incremental_migration (default) or full_amount_migration',
    stopDurationSeconds: `how long DCS takes from stop to TERMINATED (default ${DEFAULT_STOP_SECONDS})`,
    credentials: 'the AK/SK secret: "valid" (default), "wrong-secret-key" (the gateway answers 401) or "missing"',
  },
  seed(context) {
    const projectId = stringProperty(context, HuaweiDcsStopProps.PROJECT_ID);
    const taskId = stringProperty(context, HuaweiDcsStopProps.TASK_ID);
    const secretName = secretNameOf(stringProperty(context, HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN));
    const { emulator, state } = context;
    seedCredentials(context, secretName);
    return context.shared(`dcs-task:${projectId}/${taskId}`, () => {
      const description = `DCS migration task ${taskId}`;
      if (!state.exists) return { description, ids: [taskId], status: () => 'absent', goLive: () => undefined };
      emulator.dcs.seedTask({
        projectId,
        taskId,
        taskName: state.string('taskName') ?? context.resourceName.split(/[ /]/)[0],
        status: state.string('status') ?? 'INCRMIGEATING',
        migrationMethod: state.string('migrationMethod') ?? 'incremental_migration',
        stopDurationMs: state.seconds('stopDurationSeconds') ?? DEFAULT_STOP_SECONDS * 1000,
      });
      return {
        description,
        ids: [taskId, secretName],
        status: () => emulator.dcs.task(taskId, projectId)?.status ?? 'absent',
        // A migration the stack refers to runs before and after the deploy alike.
        goLive: () => undefined,
      };
    });
  },
  changeTarget: (properties) => {
    const hex = token(String(properties[HuaweiDcsStopProps.TASK_ID]), 32, 'hex');
    const taskId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { ...properties, [HuaweiDcsStopProps.TASK_ID]: taskId };
  },
  handlerProperties(properties, emulator) {
    const secretArn = String(properties[HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]);
    return {
      ...properties,
      // The real endpoint is Huawei's; the rehearsal's is the emulated gateway on loopback.
      [HuaweiDcsStopProps.ENDPOINT]: emulator.dcsEndpoint,
      [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: emulatedSecretArn(emulator, secretArn),
    };
  },
};

/** One AK/SK per secret, registered with the emulated gateway and stored in the emulated Secrets Manager. */
function seedCredentials(context: SeedContext, secretName: string): void {
  const credentials = context.state.string('credentials') ?? 'valid';
  if (!CREDENTIALS.has(credentials)) {
    throw new Error(`--state of ${context.resourceName}: "credentials" must be one of ${[...CREDENTIALS].join(', ')}`);
  }
  context.shared(`huawei-aksk:${secretName}`, () => {
    const accessKeyId = randomBytes(10).toString('hex').toUpperCase();
    const secretAccessKey = randomBytes(20).toString('base64url');
    context.emulator.dcs.addCredentials({ accessKeyId, secretAccessKey });
    if (credentials !== 'missing') {
      const stored = credentials === 'wrong-secret-key' ? randomBytes(20).toString('base64url') : secretAccessKey;
      context.emulator.secretsManager.createSecret({
        name: secretName,
        value: JSON.stringify({ accessKeyId, secretAccessKey: stored }),
        region: context.env.region,
        account: context.env.account,
      });
    }
    return { description: `secret ${secretName}`, ids: [secretName], status: () => credentials, goLive: () => undefined };
  });
}

/** The secret's name from its full ARN (name-XXXXXX) or partial ARN (name). */
function secretNameOf(arn: string): string {
  const name = arn.split(':secret:')[1] ?? arn;
  return /-[A-Za-z0-9]{6}$/.test(name) && name.length > 7 ? name.slice(0, -7) : name;
}

/**
 * The ARN under which the emulated Secrets Manager holds the secret: its account, region and
 * random suffix are the emulator's, not the template's.
 */
function emulatedSecretArn(emulator: Emulator, arn: string): string {
  try {
    return emulator.secretsManager.partialArn(secretNameOf(arn));
  } catch {
    return arn;
  }
}
