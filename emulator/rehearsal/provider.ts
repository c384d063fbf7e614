import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assetByHash, assetPath } from './assembly';
import type { StackResolver } from './intrinsics';

/** The handler of a cutover resource as the Provider framework runs it. */
export interface HandlerSetup {
  /** The handler module inside the asset folder of the cloud assembly. */
  readonly modulePath: string;
  /** The function's environment variables, as deployed. */
  readonly environment: Record<string, string>;
  /** The function's timeout. */
  readonly lambdaTimeoutMs: number;
  /** The Provider's queryInterval and totalTimeout, read from its waiter state machine. */
  readonly pollIntervalSeconds: number;
  readonly totalTimeoutSeconds: number;
}

interface FunctionResource {
  readonly logicalId: string;
  readonly handler: string;
  readonly asset: string;
  readonly environment: Record<string, string>;
  readonly timeoutSeconds: number;
}

/**
 * Follows a custom resource's ServiceToken to the Provider framework's onEvent function, and from
 * its USER_ON_EVENT_FUNCTION_ARN / USER_IS_COMPLETE_FUNCTION_ARN to the user handlers and their
 * asset folder: the bundle CloudFormation would run.
 */
export function handlerOf(resolver: StackResolver, logicalId: string): HandlerSetup {
  const resources = resolver.resources;
  const what = `${logicalId} in stack ${resolver.stack.displayName}`;
  const framework = referencedResource(resources[logicalId]?.Properties?.ServiceToken);
  const frameworkFn = framework ? resources[framework] : undefined;
  const variables = (frameworkFn?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const onEventId = referencedResource(variables.USER_ON_EVENT_FUNCTION_ARN);
  const isCompleteId = referencedResource(variables.USER_IS_COMPLETE_FUNCTION_ARN);
  if (!onEventId || !isCompleteId) {
    throw new Error(
      `The ServiceToken of ${what} does not lead to a custom_resources.Provider with onEvent and isComplete handlers; ` +
        'the rehearsal runs cdk-cutover resources created by the library constructs',
    );
  }
  const onEvent = functionResource(resolver, onEventId);
  const isComplete = functionResource(resolver, isCompleteId);
  if (onEvent.asset !== isComplete.asset || onEvent.handler !== 'index.onEvent' || isComplete.handler !== 'index.isComplete') {
    throw new Error(`The provider of ${what} is not a cdk-cutover provider (handlers ${onEvent.handler} and ${isComplete.handler})`);
  }
  const assetDir = onEvent.asset;
  const modulePath = ['index.mjs', 'index.js', 'index.cjs'].map((f) => join(assetDir, f)).find((f) => existsSync(f));
  if (!modulePath) throw new Error(`The handler asset ${assetDir} of ${what} has no index.mjs; was the app synthesized completely?`);
  const waiter = waiterSettings(resolver, referencedResource(variables.WAITER_STATE_MACHINE_ARN));
  return {
    modulePath,
    environment: onEvent.environment,
    lambdaTimeoutMs: onEvent.timeoutSeconds * 1000,
    ...waiter,
  };
}

function functionResource(resolver: StackResolver, logicalId: string): FunctionResource {
  const resource = resolver.resources[logicalId];
  const properties = resource?.Properties ?? {};
  const asset = assetFolder(resolver, resource?.Metadata?.['aws:asset:path'], properties.Code);
  if (resource?.Type !== 'AWS::Lambda::Function' || !asset) {
    throw new Error(`${logicalId} in stack ${resolver.stack.displayName} is not a Lambda function with an asset in the cloud assembly`);
  }
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const resolved = resolver.resolve(variables) as Record<string, unknown>;
  return {
    logicalId,
    handler: String(properties.Handler),
    asset,
    environment: Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, String(v)])),
    timeoutSeconds: Number(properties.Timeout ?? 3),
  };
}

/** The Provider's poll interval and attempts, from the retry policy of its waiter state machine. */
function waiterSettings(resolver: StackResolver, logicalId: string | undefined): { pollIntervalSeconds: number; totalTimeoutSeconds: number } {
  const definition = logicalId ? resolver.resolve(resolver.resources[logicalId]?.Properties?.DefinitionString) : undefined;
  if (typeof definition !== 'string') throw new Error('The Provider has no waiter state machine: its isComplete handler is never polled');
  const states = (JSON.parse(definition) as { States?: Record<string, { Retry?: Array<{ IntervalSeconds?: number; MaxAttempts?: number }> }> }).States ?? {};
  for (const state of Object.values(states)) {
    const retry = state.Retry?.[0];
    if (retry?.IntervalSeconds && retry.MaxAttempts) {
      return { pollIntervalSeconds: retry.IntervalSeconds, totalTimeoutSeconds: retry.IntervalSeconds * retry.MaxAttempts };
    }
  }
  throw new Error('The Provider waiter state machine has no retry policy to read its poll interval from');
}

/** The function's code folder: from asset metadata, or by the asset hash its S3 key carries. */
function assetFolder(resolver: StackResolver, metadataPath: unknown, code: unknown): string | undefined {
  if (typeof metadataPath === 'string') return assetPath(resolver.stack, metadataPath);
  const key = resolver.resolve((code as { S3Key?: unknown } | undefined)?.S3Key);
  const hash = typeof key === 'string' ? /([0-9a-f]{64})\.zip$/.exec(key)?.[1] : undefined;
  return hash ? assetByHash(resolver.stack, hash) : undefined;
}

function referencedResource(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att)) return String(att[0]);
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}
