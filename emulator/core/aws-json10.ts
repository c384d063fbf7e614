import { marked, requestIdHeader } from './protocols';
import type { EmulatorResponse, RenderedFaultKind } from './types';

const TYPE = { 'content-type': 'application/x-amz-json-1.0' };

/**
 * awsJson1_0 with awsQuery compatibility (current CloudWatch clients): `POST /` with
 * `x-amz-target: <Service>.<Operation>` and `x-amzn-query-mode: true`; errors are 400/500 JSON with
 * `__type` plus the header `x-amzn-query-error: <awsQuery code>;Sender|Receiver`, which the client
 * copies into `err.Code`/`err.Type` as the old awsQuery clients exposed them.
 */
export const awsJson10 = {
  ok(body: unknown): EmulatorResponse {
    return { status: 200, headers: { ...TYPE, ...requestIdHeader() }, body: JSON.stringify(body) };
  },

  /** `type` is the JSON error shape name (the client's err.name); `queryCode` the legacy awsQuery code. */
  error(type: string, message: string, status = 400, queryCode = type): EmulatorResponse {
    return {
      status,
      headers: { ...TYPE, ...requestIdHeader(), 'x-amzn-query-error': `${queryCode};${status >= 500 ? 'Receiver' : 'Sender'}` },
      body: JSON.stringify({ __type: type, message }),
    };
  },

  fault(kind: RenderedFaultKind): EmulatorResponse {
    switch (kind) {
      case 'throttle':
        // CloudWatch's throttling code is `Throttling` (a name the client's retry strategy knows).
        return marked(awsJson10.error('Throttling', 'Rate exceeded', 400));
      case 'server-error':
        return marked(awsJson10.error('InternalServiceFault', 'Internal service error', 500, 'InternalServiceError'));
      case 'unavailable':
        return marked(awsJson10.error('ServiceUnavailable', 'Service is unavailable', 503));
      case 'access-denied':
        return marked(awsJson10.error('AccessDenied', 'User: arn:aws:sts::123456789012:assumed-role/handler/fn is not authorized to perform: cloudwatch:GetMetricData', 403));
      case 'malformed':
        return { status: 200, headers: { ...TYPE, ...requestIdHeader() }, body: '{"MetricDataResu' };
      case 'empty':
        return { status: 200, headers: { ...TYPE, ...requestIdHeader() }, body: '' };
    }
  },
};
