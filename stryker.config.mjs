// @ts-check
/**
 * StrykerJS over the money path (issue #12): the call engine, budgets, the embedded budget and key stores,
 * pricing, the router's budget filter and the ledger summaries. Run with `pnpm mutate` (slow on 2 cores; not part of `.ci/run`).
 * Narrow a run to one area with `pnpm mutate --mutate 'packages/core/src/pricing/*.ts'`.
 *
 * `inPlace`: the workspace packages resolve each other through pnpm symlinks that a sandbox copy would not
 * follow, so Stryker mutates the worktree's files and restores them when it ends. Do not edit or test the
 * mutated files while it runs.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  coverageAnalysis: 'perTest',
  inPlace: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 85, break: null },
  ignoreStatic: true,
  // Vitest transpiles with esbuild and never type-checks, so no file needs a `// @ts-nocheck` (in place, that would
  // touch every file of the repo).
  disableTypeChecks: false,
  mutate: [
    'packages/core/src/execution/**/*.ts',
    '!packages/core/src/execution/**/*.test.ts',
    '!packages/core/src/execution/**/*.test-helper.ts',
    '!packages/core/src/execution/index.ts',
    '!packages/core/src/execution/engine-types.ts',
    'packages/core/src/budget/*.ts',
    '!packages/core/src/budget/*.test.ts',
    '!packages/core/src/budget/index.ts',
    'packages/core/src/pricing/*.ts',
    '!packages/core/src/pricing/*.test.ts',
    '!packages/core/src/pricing/index.ts',
    'packages/core/src/keys/create-memory-key-store.ts',
    // The router's budget filter: the screen, the inline screen and choice, exact call costs, the clamped decision.
    'packages/core/src/routing/screen-model.ts',
    'packages/core/src/routing/choose-model.ts',
    'packages/core/src/routing/call-cost.ts',
    'packages/core/src/routing/decide-route.ts',
    'packages/ledger/src/summarize-records.ts',
    'packages/ledger/src/stores/create-fast-line-summarizer.ts',
  ],
};

export default config;
