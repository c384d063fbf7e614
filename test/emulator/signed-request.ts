import { request as httpRequest } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Emulator, SigningCredentials } from '../../emulator';
import { NodeSha256 } from '../../emulator/core/sha256';

/** One request the SDK clients cannot be made to send: unsigned, or signed for another service. */
export interface RawCall {
  readonly path?: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Sign as SigV4 does with these; omit for an unsigned request. */
  readonly signing?: { readonly credentials: SigningCredentials; readonly region: string; readonly service: string };
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends a request over HTTP to the emulator, signed by @smithy/signature-v4 (the SDKs' signer) if asked. */
export async function rawCall(emulator: Emulator, call: RawCall): Promise<RawAnswer> {
  const url = new URL(emulator.url);
  let headers: Record<string, string> = { host: url.host, ...call.headers };
  if (call.signing) {
    const signer = new SignatureV4({ credentials: call.signing.credentials, region: call.signing.region, service: call.signing.service, sha256: NodeSha256 });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: call.path ?? '/', query: {}, headers, body: call.body });
    headers = signed.headers;
  }
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: call.path ?? '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

/** DMS DescribeReplicationTasks in awsJson 1.1. */
export const DMS_DESCRIBE = { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonDMSv20160101.DescribeReplicationTasks' }, body: '{}' };

/** CloudWatch ListMetrics in JSON 1.0 with awsQuery compatibility, as the current SDK sends it. */
export const CLOUDWATCH_LIST = {
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics', 'x-amzn-query-mode': 'true' },
  body: '{}',
};

/** STS GetCallerIdentity in awsQuery. */
export const STS_IDENTITY = { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' };

/** DRS DescribeSourceServers in restJson1. */
export const DRS_DESCRIBE = { path: '/DescribeSourceServers', headers: { 'content-type': 'application/json' }, body: '{}' };
