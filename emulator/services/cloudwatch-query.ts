import { awsQuery, isoTime, xmlEscape } from '../core/aws-query';
import type { EmulatorRequest, EmulatorResponse } from '../core/types';

/**
 * CloudWatch's awsQuery form (SDKs older than its JSON 1.0 move, the AWS CLI v1): `POST /` with
 * `Action=GetMetricData&Version=2010-08-01` form fields, XML answers. The operations are the JSON
 * ones: the form is read into the JSON input, and the JSON answer is written as XML (lists as
 * `<member>` items, timestamps as ISO-8601), so both forms answer alike by construction.
 */
export const CLOUDWATCH_VERSION = '2010-08-01';
export const cloudwatchQuery = awsQuery(`http://monitoring.amazonaws.com/doc/${CLOUDWATCH_VERSION}/`);

/** A form post for CloudWatch (the JSON form carries x-amz-target instead). */
export function isQueryRequest(request: Pick<EmulatorRequest, 'method' | 'headers'>): boolean {
  return request.method === 'POST' && (request.headers['content-type'] ?? '').includes('x-www-form-urlencoded') && !request.headers['x-amz-target'];
}

/** Members whose values are numbers or booleans in the JSON input (the form carries text). */
const NUMBERS = new Set(['Period', 'MaxDatapoints']);
const BOOLEANS = new Set(['ReturnData']);
const TIMESTAMPS = new Set(['StartTime', 'EndTime']);

/**
 * `MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name=X` → the nested JSON input
 * (`member.N` is the N-th list item, 1-based); the parameters Action and Version are dropped.
 */
export function formToInput(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, raw] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: any = root;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const part = parts[i];
      if (part === 'member' && !last) {
        const index = Number(parts[++i]) - 1;
        if (i === parts.length - 1) {
          node[index] = raw;
          break;
        }
        node = node[index] ??= {};
        continue;
      }
      if (last) {
        node[part] = convert(part, raw);
      } else {
        node = node[part] ??= parts[i + 1] === 'member' ? [] : {};
      }
    }
  }
  return root;
}

function convert(name: string, raw: string): unknown {
  if (NUMBERS.has(name)) return Number(raw);
  if (BOOLEANS.has(name)) return raw === 'true';
  if (TIMESTAMPS.has(name)) return Date.parse(raw) / 1000;
  return raw;
}

/** The JSON 1.0 answer of an operation, written as its awsQuery answer. */
export function toQueryAnswer(operation: string, json: EmulatorResponse): EmulatorResponse {
  const body = json.body ?? '';
  if (json.status >= 400) {
    const [code] = (json.headers?.['x-amzn-query-error'] ?? 'InternalFailure;Receiver').split(';');
    let message = '';
    try {
      message = String(JSON.parse(body).message ?? '');
    } catch {
      // A body that is not JSON keeps an empty message; the code says what happened.
    }
    return cloudwatchQuery.error(code, message, json.status);
  }
  const output = JSON.parse(body) as Record<string, unknown>;
  return cloudwatchQuery.ok(operation, Object.entries(output).map(([name, value]) => xmlOf(name, value)).join(''));
}

/** Timestamps are the only epoch-second numbers the two operations answer: the `Timestamps` lists. */
function xmlOf(name: string, value: unknown, timestamp = name === 'Timestamps'): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? `<${name}/>` : `<${name}>${value.map((v) => xmlOf('member', v, timestamp)).join('')}</${name}>`;
  }
  if (typeof value === 'object' && value !== null) {
    return `<${name}>${Object.entries(value).map(([k, v]) => xmlOf(k, v)).join('')}</${name}>`;
  }
  const text = timestamp && typeof value === 'number' ? isoTime(value * 1000) : String(value);
  return `<${name}>${xmlEscape(text)}</${name}>`;
}
