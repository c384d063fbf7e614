import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const integFiles = readdirSync(__dirname).filter((f) => /^integ\..+\.ts$/.test(f));

test('there is one integ test per construct', () => {
  expect(integFiles.sort()).toEqual(expect.arrayContaining(['integ.dms-stop-replication-task.ts', 'integ.dms-stop-replication.ts', 'integ.drs-stop-replication.ts', 'integ.rds-cancel-export-task.ts', 'integ.dms-assessment-run.ts', 'integ.huawei-dcs-stop-migration-task.ts', 'integ.dms-start-replication-task.ts', 'integ.dms-start-replication.ts', 'integ.drs-start-replication.ts']));
});

test.each(integFiles)('%s synthesizes its test stacks and its assertions', (file) => {
  const outdir = mkdtempSync(join(tmpdir(), 'cutover-integ-'));
  const previous = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = outdir;
  try {
    jest.isolateModules(() => {
      require(join(__dirname, file));
    });
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string }> };
    const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id]) => id);
    expect(stacks.some((id) => /DeployAssert/.test(id))).toBe(true);
    expect(stacks.length).toBeGreaterThanOrEqual(2);
  } finally {
    if (previous === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previous;
    rmSync(outdir, { recursive: true, force: true });
  }
});
