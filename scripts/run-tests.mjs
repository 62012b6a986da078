// The README's test command: builds what end-to-end tests run (turbo cache makes this cheap), runs every
// vitest project in one process and prints the closing line `N passed, N failed, N skipped` from vitest's JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;

if (
  !process.argv.includes('--no-build') &&
  run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0
) {
  console.error('Build failed; tests not run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const resultFile = join(root, '.vitest-results.json');
rmSync(resultFile, { force: true });
const extra = process.argv.slice(2).filter((a) => a !== '--no-build');
const status = run('pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultFile}`,
  ...extra,
]);
if (!existsSync(resultFile)) {
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
const result = JSON.parse(readFileSync(resultFile, 'utf8'));
const passed = result.numPassedTests ?? 0;
// A file that fails before any test runs (an import error) has no failed test of its own: count it once.
const brokenFiles = (result.testResults ?? []).filter(
  (file) =>
    file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
const failed = (result.numFailedTests ?? 0) + brokenFiles;
const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
