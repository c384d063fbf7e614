/**
 * HuaweiDcsStopMigrationTask's wire contract. The ids and the endpoint are those of the Huawei Cloud
 * DCS API Reference (StopMigrationTask: `POST /v2/{project_id}/migration-task/{task_id}/stop`;
 * endpoints `dcs.{region}.myhuaweicloud.com` per "Regions and Endpoints").
 */
import { checkLiteral, IsUnresolved, requiredString, stringProperty } from './rules';

/** @internal */
export const HuaweiDcsStopProps = {
  /** The Huawei Cloud project id (32 hex characters) that owns the migration task. */
  PROJECT_ID: 'ProjectId',
  /** The DCS migration task id (a UUID). */
  TASK_ID: 'TaskId',
  /** The DCS endpoint origin, e.g. https://dcs.cn-north-4.myhuaweicloud.com. */
  ENDPOINT: 'Endpoint',
  /** ARN of the Secrets Manager secret holding {"accessKeyId","secretAccessKey"}; never the values. */
  CREDENTIALS_SECRET_ARN: 'CredentialsSecretArn',
} as const;

/** @internal */
export const HuaweiDcsStopAttributes = {
  TASK_NAME: 'TaskName',
  /** `online_migration` or `backupfile_import`. */
  MIGRATION_TYPE: 'MigrationType',
  /** `full_amount_migration` or `incremental_migration`. */
  MIGRATION_METHOD: 'MigrationMethod',
} as const;

/**
 * The operation's properties as the construct holds them: a region, or an endpoint.
 *
 * @internal
 */
export interface HuaweiDcsStopMigrationTaskInput {
  readonly projectId: string;
  readonly taskId: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentialsSecretArn: string;
}

/**
 * The operation's properties, typed, as the handler uses them.
 *
 * @internal
 */
export interface HuaweiDcsStopMigrationTaskParams {
  readonly projectId: string;
  readonly taskId: string;
  /** The endpoint origin (no path, no trailing slash). */
  readonly endpoint: string;
  readonly credentialsSecretArn: string;
}

const PROJECT_ID = /^[0-9a-fA-F]{32}$/;
const TASK_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * The "projectId" rule (it also becomes a path segment of a signed URL).
 *
 * @internal
 */
export function projectIdProblem(projectId: unknown): string | undefined {
  if (typeof projectId === 'string' && PROJECT_ID.test(projectId)) return undefined;
  return (
    `"projectId" must be a Huawei Cloud project id (32 hex characters, e.g. 0123456789abcdef0123456789abcdef); got ${JSON.stringify(projectId)}. ` +
    "Copy the id of the task's region from the console: My Credentials → API Credentials (not the project name such as cn-north-4)."
  );
}

/**
 * The "taskId" rule (it also becomes a path segment of a signed URL).
 *
 * @internal
 */
export function taskIdProblem(taskId: unknown): string | undefined {
  if (typeof taskId === 'string' && TASK_ID.test(taskId)) return undefined;
  return (
    `"taskId" must be a DCS migration task id (a UUID such as 9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11); got ${JSON.stringify(taskId)}. ` +
    'Copy it from the DCS console (Data Migration) or from "ListMigrationTasks", not the task name.'
  );
}

/**
 * The "region" rule.
 *
 * @internal
 */
export function regionProblem(region: unknown): string | undefined {
  if (typeof region === 'string' && REGION.test(region)) return undefined;
  return `"region" must be a Huawei Cloud region id such as cn-north-4 or ap-southeast-1; got ${JSON.stringify(region)}. For a custom URL use "endpoint".`;
}

/** True for a loopback host as URL spells it: 127.0.0.0/8, [::1] or localhost. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_IPV4.test(hostname);
}

/**
 * The "endpoint" rule: an origin, over https, or plain http only to a loopback host (a local test
 * endpoint). Task bodies carry the Redis passwords in clear text, and the AK/SK signs every request.
 *
 * @internal
 */
export function endpointProblem(endpoint: unknown): string | undefined {
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    return `"endpoint" must be a URL like https://dcs.cn-north-4.myhuaweicloud.com; got ${JSON.stringify(endpoint)}`;
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    return `"endpoint" must be an origin only (scheme, host, optional port), like https://dcs.cn-north-4.myhuaweicloud.com; got ${JSON.stringify(endpoint)}`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return `"endpoint" must use https (DCS responses carry Redis passwords); got ${JSON.stringify(endpoint)}`;
  }
  return undefined;
}

/**
 * The endpoint of a region.
 *
 * @internal
 */
export function regionEndpoint(region: string): string {
  return `https://dcs.${region}.myhuaweicloud.com`;
}

/**
 * The construct's side: validates literal values and returns the wire properties (the endpoint resolved from the region).
 *
 * @internal
 */
export function encodeHuaweiDcsStopMigrationTask(input: HuaweiDcsStopMigrationTaskInput, isUnresolved: IsUnresolved): Record<string, unknown> {
  checkLiteral(projectIdProblem, input.projectId, isUnresolved);
  checkLiteral(taskIdProblem, input.taskId, isUnresolved);
  const { region, endpoint } = input;
  if ((region === undefined) === (endpoint === undefined)) {
    throw new Error(
      region === undefined
        ? 'Set "region" (e.g. cn-north-4) or "endpoint" (e.g. https://dcs.cn-north-4.myhuaweicloud.com): one of them is required'
        : '"region" and "endpoint" cannot both be set; set "region", or "endpoint" for a private endpoint or another Huawei-based cloud',
    );
  }
  if (region !== undefined) checkLiteral(regionProblem, region, isUnresolved);
  else checkLiteral(endpointProblem, endpoint, isUnresolved);
  const wireEndpoint = region !== undefined ? regionEndpoint(region) : isUnresolved(endpoint) ? endpoint! : new URL(endpoint!).origin;
  return {
    [HuaweiDcsStopProps.PROJECT_ID]: input.projectId,
    [HuaweiDcsStopProps.TASK_ID]: input.taskId,
    [HuaweiDcsStopProps.ENDPOINT]: wireEndpoint,
    [HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN]: input.credentialsSecretArn,
  };
}

/**
 * The handler's side: the typed params, or an InvalidPropertyError with the reason. It runs before
 * the secret is read, so an endpoint that was a token at synth and resolved to plain http to a
 * remote host never receives a signed request.
 *
 * @internal
 */
export function decodeHuaweiDcsStopMigrationTask(properties: Record<string, unknown>): HuaweiDcsStopMigrationTaskParams {
  return {
    projectId: stringProperty(HuaweiDcsStopProps.PROJECT_ID, projectIdProblem).decode(properties),
    taskId: stringProperty(HuaweiDcsStopProps.TASK_ID, taskIdProblem).decode(properties),
    endpoint: new URL(stringProperty(HuaweiDcsStopProps.ENDPOINT, endpointProblem).decode(properties)).origin,
    credentialsSecretArn: requiredString(properties, HuaweiDcsStopProps.CREDENTIALS_SECRET_ARN),
  };
}
