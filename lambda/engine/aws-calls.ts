import { ServiceCallError } from './errors';
import { logger } from './logger';

interface MiddlewareStackLike {
  add(middleware: unknown, options: { step: 'initialize'; name: string }): void;
}

/**
 * Adds one structured log line per AWS call (after the SDK's own retries) and turns a failure into
 * a ServiceCallError naming the IAM action that was attempted, so an AccessDenied can name the
 * missing permission. Logs only metadata: never request or response bodies, which can carry secrets.
 */
export function logAwsCalls<C extends { middlewareStack: MiddlewareStackLike }>(client: C, iamPrefix: string): C {
  const middleware =
    (next: (args: unknown) => Promise<{ output?: { $metadata?: CallMetadata } }>, context: { commandName?: string }) =>
    async (args: unknown) => {
      const action = `${iamPrefix}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
      const started = Date.now();
      try {
        const result = await next(args);
        const meta = result.output?.$metadata ?? {};
        logger.info('AWS call succeeded', {
          action,
          httpStatus: meta.httpStatusCode,
          requestId: meta.requestId,
          attempts: meta.attempts,
          durationMs: Date.now() - started,
        });
        return result;
      } catch (error) {
        // A call that failed inside this one (the AssumeRole behind its credentials) keeps its own action.
        const failure = error instanceof ServiceCallError ? error : new ServiceCallError(action, error);
        logger.warn('AWS call failed', {
          action,
          error: failure.code,
          httpStatus: failure.httpStatus,
          requestId: failure.requestId,
          attempts: (error as { $metadata?: CallMetadata } | undefined)?.$metadata?.attempts,
          durationMs: Date.now() - started,
        });
        throw failure;
      }
    };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'cutoverCallLog' });
  return client;
}

interface CallMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}

/**
 * Client settings shared by every AWS client: the SDK's standard retry strategy (exponential
 * backoff with jitter, throttling-aware, retry quota) with 3 attempts per call, and socket timeouts
 * so a hung connection fails fast and is retried instead of eating the Lambda's time. The engine
 * adds retries across polls on top, so a burst of throttling never fails a deployment.
 */
export const AWS_CLIENT_SETTINGS = {
  maxAttempts: 3,
  retryMode: 'standard',
  requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
} as const;
