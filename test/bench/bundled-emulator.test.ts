import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// `npm run bench` bundles the emulator into one file one folder below the package root
// (.tmp/bench.cjs, bench/run.mjs). The emulator then finds the SigV4 signer the build put in
// assets/emulator from there too; when it did not, every AWS call of the API-rate rows was answered
// "Emulator error" and no test noticed.
const ROOT = join(__dirname, '..', '..');

const ENTRY = `
import { DatabaseMigrationService } from '@aws-sdk/client-database-migration-service';
import { Emulator, OPERATOR_CREDENTIALS } from './emulator';
(async () => {
  const emulator = await Emulator.start();
  const arn = emulator.dms.seedTask({ identifier: 'bundled', status: 'running' });
  const dms = new DatabaseMigrationService({ endpoint: emulator.url, region: 'us-east-1', credentials: OPERATOR_CREDENTIALS, maxAttempts: 1 });
  const out = await dms.describeReplicationTasks({ Filters: [{ Name: 'replication-task-arn', Values: [arn] }] });
  process.stdout.write(JSON.stringify(out.ReplicationTasks?.map((t) => t.Status)));
  await emulator.stop();
})().catch((error) => { process.stderr.write(String(error)); process.exit(1); });
`;

test('GIVEN the emulator bundled into one file one folder below the package root, as the bench bundles it, WHEN an SDK client calls it signed THEN it verifies the signature and answers', async () => {
  // At the bench's depth: one folder below the root.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const outfile = join(ROOT, '.tmp', `bundled-emulator-${process.pid}.cjs`);
  try {
    await build({ stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts' }, outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'silent' });
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({ status: 0, stderr: '', stdout: '["running"]' });
  } finally {
    rmSync(outfile, { force: true });
  }
});
