import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './paths';

export const LOGGER_PACKAGE = '@aws-lambda-powertools/logger';

/** The client of each emulated AWS service (its name in the emulator's call log). */
const AWS_CLIENTS: Record<string, { clientPackage: string; clientClass: string }> = {
  dms: { clientPackage: '@aws-sdk/client-database-migration-service', clientClass: 'DatabaseMigrationServiceClient' },
  drs: { clientPackage: '@aws-sdk/client-drs', clientClass: 'DrsClient' },
  rds: { clientPackage: '@aws-sdk/client-rds', clientClass: 'RDSClient' },
  secretsmanager: { clientPackage: '@aws-sdk/client-secrets-manager', clientClass: 'SecretsManagerClient' },
  // A Delete reads its stack's status first (rollback-aware teardown); cross-account targets assume a role.
  cloudformation: { clientPackage: '@aws-sdk/client-cloudformation', clientClass: 'CloudFormationClient' },
  cloudwatch: { clientPackage: '@aws-sdk/client-cloudwatch', clientClass: 'CloudWatchClient' },
  sts: { clientPackage: '@aws-sdk/client-sts', clientClass: 'STSClient' },
};

/** Services speaking awsQuery, whose logged form fields flatten nested input (`A.member.1`). */
const AWS_QUERY_SERVICES = new Set(['rds', 'cloudformation', 'sts']);

/** One call the naive bundle makes: an SDK command, or a signed Huawei API request. */
export type NaiveCall =
  | { readonly kind: 'sdk'; readonly clientPackage: string; readonly clientClass: string; readonly command: string; readonly input: Record<string, unknown> }
  | { readonly kind: 'huawei'; readonly method: 'GET' | 'POST'; readonly path: string; readonly projectId: string; readonly operation: string };

/** A call as the emulator logged it. */
export interface LoggedCall {
  readonly service: string;
  readonly operation: string;
  readonly params: Record<string, unknown>;
}

/**
 * The calls a handler made, as the naive bundle must make them: the same commands with the same
 * input (the emulator logs the request as it arrived on the wire; for these protocols and inputs
 * that is the SDK input, less awsQuery's Action and Version).
 */
export function naiveCallsFrom(calls: readonly LoggedCall[]): NaiveCall[] {
  return calls.map((call) => {
    if (call.service === 'dcs') {
      const path = String(call.params.path);
      const projectId = path.split('/')[2];
      return { kind: 'huawei', method: call.operation === 'StopMigrationTask' ? 'POST' : 'GET', path, projectId, operation: call.operation };
    }
    const client = AWS_CLIENTS[call.service];
    if (!client) throw new Error(`The naive bundle has no client for the emulated service ${call.service}`);
    const { Action: _action, Version: _version, ...input } = call.params;
    if (AWS_QUERY_SERVICES.has(call.service) && Object.keys(input).some((k) => k.includes('.'))) {
      throw new Error(`The naive replay cannot rebuild the nested awsQuery input of ${call.operation}: ${Object.keys(input).join(', ')}`);
    }
    return { kind: 'sdk', ...client, command: call.operation, input };
  });
}

/** Every AWS SDK client package the handler's sources import. */
export function sdkClientsUsed(dir = join(REPO_ROOT, 'lambda')): string[] {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/from\s+'(@aws-sdk\/client-[a-z0-9-]+)'/g)) found.add(m[1]);
      }
    }
  };
  walk(dir);
  return [...found].sort();
}

/**
 * The baseline a user gets by bundling the straightforward way: one esbuild bundle (Node platform,
 * CommonJS, minified, as NodejsFunction would build it) that requires every SDK client the project
 * uses and the logger at module scope, and makes the calls it is given with default clients.
 * Returns the bundle's path.
 */
export async function buildNaiveBundle(outdir: string, clients = sdkClientsUsed()): Promise<{ path: string; bytes: number; clients: string[] }> {
  mkdirSync(outdir, { recursive: true });
  const entry = join(outdir, 'entry.cjs');
  // Huawei has no AWS SDK client: the project's own signed HTTP client stands in (the official
  // Huawei SDK would be larger, so this favours the naive bundle).
  const huaweiClient = join(REPO_ROOT, 'lambda', 'huawei', 'http-client.ts');
  writeFileSync(
    entry,
    [
      `const { Logger } = require(${JSON.stringify(LOGGER_PACKAGE)});`,
      `const huawei = require(${JSON.stringify(huaweiClient)});`,
      'const sdk = {',
      ...clients.map((c) => `  ${JSON.stringify(c)}: require(${JSON.stringify(c)}),`),
      '};',
      "const logger = new Logger({ serviceName: 'naive' });",
      'const clients = {};',
      'exports.sdk = sdk;',
      // Makes each call in turn; answers the error names, as a handler would log them. A Huawei
      // call signs with the AK/SK the preceding GetSecretValue returned.
      'exports.onEvent = async (event) => {',
      '  const outcomes = [];',
      '  let secretString;',
      '  for (const call of event.calls) {',
      '    try {',
      "      if (call.kind === 'huawei') {",
      '        const credentials = JSON.parse(secretString);',
      '        await huawei.callHuawei({ ...call, endpoint: event.huaweiEndpoint, credentials, iamAction: call.operation });',
      '      } else {',
      '        const pkg = sdk[call.clientPackage];',
      '        const client = (clients[call.clientPackage] ??= new pkg[call.clientClass]({}));',
      '        const output = await client.send(new pkg[`${call.command}Command`](call.input));',
      '        if (typeof output.SecretString === "string") secretString = output.SecretString;',
      '      }',
      "      logger.info('call succeeded', { operation: call.command ?? call.operation });",
      "      outcomes.push('ok');",
      '    } catch (error) {',
      "      logger.warn('call failed', { operation: call.command ?? call.operation, error: error.name });",
      '      outcomes.push(error.name);',
      '    }',
      '  }',
      '  return outcomes;',
      '};',
      '',
    ].join('\n'),
  );
  const path = join(outdir, 'index.js');
  await build({
    entryPoints: [entry],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
  });
  return { path, bytes: statSync(path).size, clients };
}
