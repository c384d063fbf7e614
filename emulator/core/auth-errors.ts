import type { AuthFailure } from './sigv4';
import { awsJson10 } from './aws-json10';
import { awsQuery } from './aws-query';
import { awsJson } from './protocols';
import { restJson } from './rest-json';
import type { EmulatorResponse } from './types';

/** awsQuery services' XML namespaces (the error's xmlns; clients do not read it, but AWS sends it). */
const QUERY_NAMESPACES: Record<string, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  monitoring: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
};

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';

/**
 * One refusal in the three error vocabularies of AWS's authentication layer: awsQuery codes (RDS,
 * STS, CloudFormation, CloudWatch's XML form), the JSON exception names of awsJson services (DMS,
 * Secrets Manager, CloudWatch's JSON 1.0 form, which also sends the awsQuery code in
 * x-amzn-query-error) and of restJson ones (DRS). Statuses: awsQuery 403 (400 for the malformed
 * and the expired), awsJson 400, restJson 403.
 *
 * Documented by AWS: the codes (MissingAuthenticationToken, InvalidClientTokenId, SignatureDoesNotMatch,
 * IncompleteSignature, ExpiredToken in the common errors; their JSON names as the SDKs model them).
 * Observed rather than documented [?]: clock skew is a signature error whose message reads
 * "Signature expired: … is now earlier than …" (STS and SNS answer SignatureDoesNotMatch, JSON
 * services InvalidSignatureException; EC2's RequestExpired is EC2's own), and the statuses of the
 * JSON forms. Every one of these codes is one the SDKs' retry strategies know as a clock-skew
 * error where it is one, so a client with a skewed clock corrects it from the Date header and retries.
 */
export function renderAuthFailure(failure: AuthFailure, headers: Record<string, string>, signingName: string): EmulatorResponse {
  const { query, json, status, message } = vocabulary(failure);
  const type = headers['content-type'] ?? '';
  if (type.includes('x-www-form-urlencoded')) {
    const xml = awsQuery(QUERY_NAMESPACES[signingName] ?? `https://${signingName}.amazonaws.com/doc/`);
    return xml.error(query, message, status.query);
  }
  if (type.includes('application/x-amz-json-1.0')) {
    // CloudWatch's JSON form is awsQuery-compatible: the legacy code rides in x-amzn-query-error.
    return headers['x-amzn-query-mode'] === 'true' ? awsJson10.error(json, message, status.json, query) : withJsonType(awsJson.error(json, message, status.json), '1.0');
  }
  if (type.includes('application/x-amz-json-1.1')) return awsJson.error(json, message, status.json);
  return restJson.error(json, message, status.rest);
}

function vocabulary(failure: AuthFailure): { query: string; json: string; message: string; status: { query: number; json: number; rest: number } } {
  switch (failure.kind) {
    case 'missing':
      return { query: 'MissingAuthenticationToken', json: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token', status: { query: 403, json: 400, rest: 403 } };
    case 'incomplete':
      return { query: 'IncompleteSignature', json: 'IncompleteSignatureException', message: failure.message, status: { query: 400, json: 400, rest: 403 } };
    case 'invalid-token':
      return { query: 'InvalidClientTokenId', json: 'UnrecognizedClientException', message: INVALID_TOKEN, status: { query: 403, json: 400, rest: 403 } };
    case 'expired-token':
      return { query: 'ExpiredToken', json: 'ExpiredTokenException', message: EXPIRED_TOKEN, status: { query: 400, json: 400, rest: 403 } };
    case 'signature':
      return { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException', message: failure.message, status: { query: 403, json: 400, rest: 403 } };
  }
}

function withJsonType(response: EmulatorResponse, version: '1.0'): EmulatorResponse {
  return { ...response, headers: { ...response.headers, 'content-type': `application/x-amz-json-${version}` } };
}
