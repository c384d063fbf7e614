import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SIGNAL_UNIQUE_ID } from '../../contract';
import { logger } from './logger';

/** What a wait condition receives: SUCCESS with the step's attributes, or FAILURE with the reason. */
export type Signal = { readonly status: 'SUCCESS'; readonly data: Record<string, string> } | { readonly status: 'FAILURE'; readonly reason: string };

/** CloudFormation shows at most this much of a reason; the handle's body may not exceed S3's limits either. */
const MAX_REASON = 4000;
const ATTEMPTS = 4;

/**
 * Signals a wait condition through its handle: an HTTP PUT of {Status, Reason, UniqueId, Data} with an
 * empty Content-Type to the pre-signed S3 URL (as cfn-signal does). Retries network faults and 5xx;
 * a 4xx (an expired or unknown handle) is final. The URL is a credential: it is never logged.
 */
export async function signalWaitCondition(handleUrl: string, signal: Signal): Promise<{ ok: boolean; status?: number; error?: string }> {
  const body = JSON.stringify({
    Status: signal.status,
    Reason: signal.status === 'FAILURE' ? signal.reason.slice(0, MAX_REASON) : 'Completed',
    UniqueId: SIGNAL_UNIQUE_ID,
    // The wait condition's Data attribute holds each signal's Data string; the result resource parses it.
    Data: signal.status === 'SUCCESS' ? JSON.stringify(signal.data) : signal.reason.slice(0, MAX_REASON),
  });
  let last: { ok: boolean; status?: number; error?: string } = { ok: false };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    last = await put(handleUrl, body).then(
      (status) => ({ ok: status >= 200 && status < 300, status }),
      (error: Error) => ({ ok: false, error: error.message }),
    );
    logger.info('Wait condition signalled', { signal: signal.status, httpStatus: last.status, error: last.error, attempt });
    if (last.ok || (last.status !== undefined && last.status < 500)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
  }
  return last;
}

function put(url: string, body: string): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      // S3 checks the pre-signed signature against an empty Content-Type.
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('the signal got no answer within 10 seconds')));
    req.on('error', reject);
    req.end(body);
  });
}
