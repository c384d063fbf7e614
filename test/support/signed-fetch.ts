import { SignatureV4 } from '@smithy/signature-v4';
import { type Emulator, OPERATOR_CREDENTIALS } from '../../emulator';
import { NodeSha256 } from '../../emulator/core/sha256';

/**
 * A hand-made POST to the emulator, signed with SigV4 as the SDKs sign (the operator's key, the
 * service's signing name), for tests that check the wire shape byte by byte: the emulator refuses
 * unsigned requests, as AWS does.
 */
export async function signedPost(
  emulator: Emulator,
  signingName: string,
  path: string,
  request: { headers: Record<string, string>; body: string },
  region = 'us-east-1',
): Promise<Response> {
  const url = new URL(path, emulator.url);
  const signer = new SignatureV4({ credentials: OPERATOR_CREDENTIALS, region, service: signingName, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, ...request.headers },
    body: request.body,
  });
  // fetch sets Host itself, to the same value.
  const { host: _host, ...headers } = signed.headers;
  return fetch(url, { method: 'POST', headers, body: request.body });
}
