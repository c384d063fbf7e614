import { Logger } from '@aws-lambda-powertools/logger';
import { LongWaitProps } from '../../contract';

/** The one logger of the handler. Structured JSON lines; level from POWERTOOLS_LOG_LEVEL (default INFO). */
export const logger = new Logger({ serviceName: 'cdk-cutover' });

/**
 * The event as it may be logged: the response URL and a wait-condition handle are pre-signed
 * credentials and are never written.
 */
export function sanitizeEvent(event: { [key: string]: unknown }): Record<string, unknown> {
  const { ResponseURL: _url, ...rest } = event;
  const props = redactHandle(rest.ResourceProperties);
  delete props.ServiceToken;
  const old = rest.OldResourceProperties === undefined ? {} : { OldResourceProperties: redactHandle(rest.OldResourceProperties) };
  return { ...rest, ResourceProperties: props, ...old, ResponseURL: '[redacted]' };
}

function redactHandle(properties: unknown): Record<string, unknown> {
  const props = { ...((properties as Record<string, unknown>) ?? {}) };
  if (props[LongWaitProps.WAIT_HANDLE] !== undefined) props[LongWaitProps.WAIT_HANDLE] = '[redacted]';
  return props;
}
