import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger of the handler. Structured JSON lines; level from POWERTOOLS_LOG_LEVEL (default INFO). */
export const logger = new Logger({ serviceName: 'cdk-cutover' });

/** The event as it may be logged: the response URL is a pre-signed credential and is never written. */
export function sanitizeEvent(event: { [key: string]: unknown }): Record<string, unknown> {
  const { ResponseURL: _url, ...rest } = event;
  const props = { ...((rest.ResourceProperties as Record<string, unknown>) ?? {}) };
  delete props.ServiceToken;
  return { ...rest, ResourceProperties: props, ResponseURL: '[redacted]' };
}
