// `pnpm mutate [area ...]`: StrykerJS over the money path, one area per run (issue #12). Each area has its own
// incremental file under reports/, so re-running an area only tests mutants whose code or tests changed, and
// its vitest projects only, so the initial dry run stays short on 2 cores. Extra `--flags` go to Stryker.
import { spawnSync } from 'node:child_process';

/** Mutated files per area, and the vitest projects (and test files in them) whose tests cover them. */
const areas = {
  engine: {
    projects: 'packages/core',
    tests: ['src/execution/*.test.ts', 'test/**/*.test.ts'],
    // The engine's property test runs once per surviving mutant: 500 seeded runs instead of 10,000.
    env: { TOKENWISE_ENGINE_RUNS: '500' },
    mutate: [
      'packages/core/src/execution/**/*.ts',
      '!packages/core/src/execution/**/*.test.ts',
      '!packages/core/src/execution/**/*.test-helper.ts',
      '!packages/core/src/execution/index.ts',
      '!packages/core/src/execution/engine-types.ts',
    ],
  },
  budget: {
    projects: 'packages/core',
    tests: ['src/budget/*.test.ts', 'src/execution/*.test.ts'],
    mutate: [
      'packages/core/src/budget/*.ts',
      '!packages/core/src/budget/*.test.ts',
      '!packages/core/src/budget/index.ts',
      // The memory budget store is its own area (`stores`).
      '!packages/core/src/budget/create-memory-budget-store.ts',
    ],
  },
  // The embedded stores: the in-memory budget store (reserve/settle/release, windows, leases) and key store.
  stores: {
    projects: 'packages/core',
    tests: ['src/budget/create-memory-budget-store.test.ts', 'src/keys/*.test.ts'],
    mutate: [
      'packages/core/src/budget/create-memory-budget-store.ts',
      'packages/core/src/keys/create-memory-key-store.ts',
    ],
  },
  // The PostgreSQL budget store's write-behind settle queue: which settles travel together, what sends a waiting
  // batch early, retries and what is reported. Its unit tests only (the database tests are too slow per mutant).
  settles: {
    projects: 'packages/store-postgres',
    tests: ['src/write-behind-settles.test.ts'],
    mutate: ['packages/store-postgres/src/write-behind-settles.ts'],
  },
  pricing: {
    projects: 'packages/core',
    tests: [
      'src/pricing/*.test.ts',
      'src/routing/*.test.ts',
      'src/execution/*.test.ts',
      'src/budget/*.test.ts',
    ],
    mutate: [
      'packages/core/src/pricing/*.ts',
      '!packages/core/src/pricing/*.test.ts',
      '!packages/core/src/pricing/index.ts',
    ],
  },
  // The router's budget filter: the screen (`screenModel`), the inline screen and the choice (`chooseModel`), the
  // exact costs (`costOfCall`, `affordableOutputTokens`) and the decision's clamped worst case (`decideRoute`).
  router: {
    projects: 'packages/core',
    tests: ['src/routing/*.test.ts'],
    mutate: [
      'packages/core/src/routing/screen-model.ts',
      'packages/core/src/routing/choose-model.ts',
      'packages/core/src/routing/call-cost.ts',
      'packages/core/src/routing/decide-route.ts',
    ],
  },
  ledger: {
    projects: 'packages/ledger',
    tests: [
      'src/summarize-records*.test.ts',
      'src/stores/create-fast-line-summarizer*.test.ts',
      'src/stores/summary-since-bound.test.ts',
      'src/stores/jsonl-ledger-aggregate.test.ts',
      'src/aggregate/*.test.ts',
    ],
    mutate: [
      'packages/ledger/src/summarize-records.ts',
      'packages/ledger/src/stores/create-fast-line-summarizer.ts',
    ],
  },
};

const args = process.argv.slice(2);
const flags = args.filter((arg, index) => arg.startsWith('--') || args[index - 1]?.startsWith('--'));
const named = args.filter((arg) => !flags.includes(arg));
for (const name of named) {
  if (!(name in areas)) {
    console.error(`error: unknown area "${name}"; expected one of: ${Object.keys(areas).join(', ')}`);
    process.exit(2);
  }
}
let failed = false;
for (const name of named.length > 0 ? named : Object.keys(areas)) {
  const area = areas[name];
  console.log(`\n== mutate ${name}: ${area.mutate.filter((glob) => !glob.startsWith('!')).join(' ')}`);
  const run = spawnSync(
    'pnpm',
    [
      'exec',
      'stryker',
      'run',
      '--mutate',
      area.mutate.join(','),
      '--incrementalFile',
      `reports/stryker-incremental-${name}.json`,
      ...flags,
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        TOKENWISE_MUTATE_PROJECTS: area.projects,
        ...(area.tests === undefined ? {} : { TOKENWISE_MUTATE_TESTS: area.tests.join(',') }),
        ...area.env,
      },
    },
  );
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
