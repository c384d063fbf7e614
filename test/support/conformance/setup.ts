import { startRecording } from '../../../emulator/core/recorder';
import { allowanceFor } from './allowlist';
import { Difference, validateExchange } from './validate';

/**
 * Runs in every test file (jest `setupFilesAfterEnv`): each emulator the file starts records its
 * answers, and after the file's tests every answer is checked against the published service models.
 *
 * Why a setup hook rather than one conformance test reading recordings: jest runs files in parallel
 * with no order between them, so a separate test could never be sure the lifecycle, matrix and
 * rehearsal files had run. Here each of those files checks exactly the answers it received, and
 * fails when one departs from the model without an allowlist entry. test/emulator/conformance.test.ts
 * adds one call per served operation and error path, so coverage does not depend on which files ran.
 */
const recorder = startRecording();

afterAll(() => {
  const exchanges = recorder.exchanges.splice(0);
  const seen = new Set<string>();
  const unexplained: Difference[] = [];
  for (const exchange of exchanges) {
    for (const difference of validateExchange(exchange)) {
      const key = JSON.stringify([difference.service, difference.operation, difference.path, difference.kind, difference.code]);
      if (seen.has(key) || allowanceFor(difference)) continue;
      seen.add(key);
      unexplained.push(difference);
    }
  }
  if (unexplained.length > 0) {
    throw new Error(
      `The emulator answered ${unexplained.length} way(s) the published service models do not allow ` +
        '(fix the emulator, or list the difference with its reason in test/support/conformance/allowlist.ts):\n' +
        unexplained.map((d) => `- ${d.service} ${d.operation} ${d.path || '(answer)'}: ${d.kind}: ${d.detail}`).join('\n'),
    );
  }
});
