import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found from this file whether it runs from source (jest) or from the
 * bundle `npm run bench` builds into .tmp/bench.
 */
export const REPO_ROOT = findRoot(__dirname);

/** Where the benchmark writes everything it builds and synthesizes (ignored by git). */
export const WORK_DIR = join(REPO_ROOT, '.tmp', 'bench');

/** The handler bundle the benchmark measures, built by scripts/bundle-handlers.mjs like assets/handler. */
export const HANDLER_BUNDLE_DIR = join(WORK_DIR, 'handler');

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'cdk-cutover') return dir;
    if (dirname(dir) === dir) throw new Error(`No cdk-cutover package.json above ${start}`);
  }
}
