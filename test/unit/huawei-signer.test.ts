import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { Emulator } from '../../emulator';
import { canonicalRequest, sha256Hex, signRequest } from '../../lambda/huawei/signer';

// The example AK/SK pair published in Huawei Cloud's API signing documentation (API Gateway Developer Guide: "AK/SK Signing and Authentication Guide").
const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const CREDENTIALS = { accessKeyId: AK, secretAccessKey: SK };
const PROJECT = '0123456789abcdef0123456789abcdef';
const TASK = '9a1e6c0e-7f1d-4a43-9b7b-2f1c3c3b1a11';
const DCS_HOST = 'dcs.cn-north-4.myhuaweicloud.com';

function signatureOf(authorization: string): string {
  return /Signature=([0-9a-f]{64})$/.exec(authorization)![1];
}

describe('published test vectors', () => {
  test("Huawei's documented GET example has the documented canonical-request hash and signature", () => {
    // GIVEN the request of Huawei's signing guide
    const request = {
      method: 'GET',
      host: 'service.region.example.com',
      path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
      query: { limit: '2', marker: '13551d6b-755d-4757-b956-536f674975c0' },
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20191115T033655Z' },
    };
    // WHEN
    const canonical = canonicalRequest(request.method, request.path, request.query, { ...request.headers, Host: request.host });
    const signed = signRequest(request, CREDENTIALS);
    // THEN
    expect(sha256Hex(canonical)).toBe('b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    expect(signed.headers.Authorization).toBe(
      `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe`,
    );
  });

  test('the DCS stop request signs to the published signature, with X-Project-Id signed', () => {
    const signed = signRequest(
      {
        method: 'POST',
        host: DCS_HOST,
        path: `/v2/${PROJECT}/migration-task/${TASK}/stop`,
        headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT, 'X-Sdk-Date': '20240101T000000Z' },
      },
      CREDENTIALS,
    );
    expect(signed.headers.Authorization).toBe(
      `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=cb426e67a2a542baf0b39e893d7450be948901d628fe3a60efbc0ee01b4d72e2`,
    );
  });

  test('the DCS show request signs to the published signature', () => {
    const signed = signRequest(
      {
        method: 'GET',
        host: DCS_HOST,
        path: `/v2/${PROJECT}/migration-task/${TASK}`,
        headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT, 'X-Sdk-Date': '20240101T000000Z' },
      },
      CREDENTIALS,
    );
    expect(signatureOf(signed.headers.Authorization)).toBe('40e498552416d73a50e1b2cb46cb253f13f2b7daa9d5e34dc75c97a3e1c20c8f');
  });

  test('without an X-Sdk-Date header, the signer stamps the given time in UTC basic format and signs it', () => {
    const signed = signRequest({ method: 'GET', host: DCS_HOST, path: '/v2' }, CREDENTIALS, new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)));
    expect(signed.headers['X-Sdk-Date']).toBe('20240102T030405Z');
    expect(signed.headers.Authorization).toContain('SignedHeaders=host;x-sdk-date,');
  });
});

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Path characters that Node's url.parse (used by the official signer) leaves as they are, so both
// signers see the same raw segment; query values may hold anything, both encode them from scratch.
const PATH_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$&()*+,;=:@';
const QUERY_CHARS = `${PATH_CHARS} /?#[]%"'<>^\`{|}éü中文😀`;
const HEADER_NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-';

function randomRequest(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const text = (chars: string, min: number, max: number) => {
    const all = [...chars];
    return Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(all)).join('');
  };
  const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
  const path = '/' + Array.from({ length: 1 + Math.floor(random() * 5) }, () => text(PATH_CHARS, 1, 12)).join('/') + (random() < 0.2 ? '/' : '');
  const query: Record<string, string | string[]> = {};
  for (let i = Math.floor(random() * 4); i > 0; i--) {
    query[text(QUERY_CHARS, 1, 8)] = random() < 0.3 ? [text(QUERY_CHARS, 0, 6), text(QUERY_CHARS, 0, 6), text(QUERY_CHARS, 0, 6)] : text(QUERY_CHARS, 0, 10);
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Sdk-Date': `2024${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}T${String(Math.floor(random() * 24)).padStart(2, '0')}${String(Math.floor(random() * 60)).padStart(2, '0')}${String(Math.floor(random() * 60)).padStart(2, '0')}Z`,
  };
  if (random() < 0.7) headers['X-Project-Id'] = text('0123456789abcdef', 32, 32);
  for (let i = Math.floor(random() * 3); i > 0; i--) headers[`x-${text(HEADER_NAME_CHARS, 1, 10)}`] = text(PATH_CHARS, 1, 20);
  const data = method === 'GET' || random() < 0.3 ? undefined : { name: text(QUERY_CHARS, 0, 12), count: Math.floor(random() * 100), list: [text(PATH_CHARS, 1, 5)] };
  const host = pick([DCS_HOST, '127.0.0.1:49152', 'dcs.ap-southeast-1.myhuaweicloud.com']);
  return { method, path, query, headers, data, host };
}

describe('agreement with the official @huaweicloud/huaweicloud-sdk-core signer', () => {
  test('500 randomized requests (paths, queries with arrays and non-ASCII, extra headers, JSON bodies) get the same Authorization', () => {
    const seed = 20240101;
    const random = prng(seed);
    for (let i = 0; i < 500; i++) {
      // GIVEN a random request and random credentials
      const r = randomRequest(random);
      const credentials = { accessKeyId: `AK${i}`, secretAccessKey: `SK-${random().toString(36).slice(2)}` };
      const body = r.data === undefined ? undefined : JSON.stringify(r.data);
      // WHEN both sign it
      const ours = signRequest({ method: r.method, host: r.host, path: r.path, query: r.query, headers: r.headers, body }, credentials);
      const official = AKSKSigner.sign(
        {
          method: r.method,
          endpoint: `https://${r.host}${r.path}`,
          headers: { ...r.headers },
          queryParams: JSON.parse(JSON.stringify(r.query)),
          data: r.data,
        } as never,
        { getAk: () => credentials.accessKeyId, getSk: () => credentials.secretAccessKey } as never,
      ) as Record<string, string>;
      // THEN
      if (ours.headers.Authorization !== official.Authorization) {
        throw new Error(`Seed ${seed}, case ${i}: ${JSON.stringify(r)}\nours:     ${ours.headers.Authorization}\nofficial: ${official.Authorization}`);
      }
    }
  });
});

describe('the emulated DCS gateway verifies signatures made by the official signer, as Huawei does', () => {
  let emulator: Emulator;
  let taskId: string;

  beforeAll(async () => {
    emulator = await Emulator.start({ dcs: { projectId: PROJECT } });
    emulator.dcs.addCredentials(CREDENTIALS);
    taskId = emulator.dcs.seedTask({ taskName: 'official-signer' });
  });
  afterAll(() => emulator.stop());

  /** A show request signed by the official signer; `tamper` changes it after signing. */
  async function show(options: { date?: Date; ak?: string; tamper?: (headers: Record<string, string>) => void } = {}) {
    const url = `${emulator.dcsEndpoint}/v2/${PROJECT}/migration-task/${taskId}`;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT };
    if (options.date) headers['X-Sdk-Date'] = options.date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const signed = AKSKSigner.sign(
      { method: 'GET', endpoint: url, headers, queryParams: {} } as never,
      { getAk: () => options.ak ?? AK, getSk: () => SK } as never,
    ) as Record<string, string>;
    const { host: _host, ...toSend } = signed;
    options.tamper?.(toSend);
    const response = await fetch(url, { headers: toSend });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  test('a correctly signed request is answered with the task', async () => {
    const { status, body } = await show();
    expect(status).toBe(200);
    expect(body).toMatchObject({ task_id: taskId, task_name: 'official-signer' });
  });

  test('a signature that does not match is rejected with 401 APIGW.0301', async () => {
    const { status, body } = await show({ tamper: (h) => (h.Authorization = h.Authorization.replace(/.$/, (c) => (c === '0' ? '1' : '0'))) });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail' });
  });

  test('a signed header changed after signing is rejected with 401', async () => {
    const { status } = await show({ tamper: (h) => (h['X-Project-Id'] = 'ffffffffffffffffffffffffffffffff') });
    expect(status).toBe(401);
  });

  test('an X-Sdk-Date 16 minutes old is rejected as expired, even when correctly signed', async () => {
    const { status, body } = await show({ date: new Date(Date.now() - 16 * 60_000) });
    expect(status).toBe(401);
    expect(String(body.error_msg)).toMatch(/^Incorrect IAM authentication information: signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/);
  });

  test('an X-Sdk-Date 14 minutes old is still accepted', async () => {
    expect((await show({ date: new Date(Date.now() - 14 * 60_000) })).status).toBe(200);
  });

  test('an unknown AK is rejected with 401', async () => {
    const { status, body } = await show({ ak: 'UNKNOWNAKUNKNOWNAK00' });
    expect(status).toBe(401);
    expect(body.error_msg).toBe('Incorrect IAM authentication information: ak UNKNOWNAKUNKNOWNAK00 not exist');
  });
});
