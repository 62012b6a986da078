import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Only the projects whose tests cover the mutated money path (see scripts/mutate.mjs, which narrows them per area
// with TOKENWISE_MUTATE_PROJECTS): a mutant run loads these, not the whole repo.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by `pnpm mutate` only, never by a turbo task.
const dirs = (process.env.TOKENWISE_MUTATE_PROJECTS ?? 'packages/core,packages/ledger').split(',');
// And optionally only the test files that exercise the area (TOKENWISE_MUTATE_TESTS, globs relative to each
// project): slow suites elsewhere in a package would otherwise dominate the dry run.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by `pnpm mutate` only, never by a turbo task.
const include = process.env.TOKENWISE_MUTATE_TESTS?.split(',') ?? ['src/**/*.test.ts', 'test/**/*.test.ts'];
export default defineConfig({
  ssr: { resolve: { conditions: ['@tokenwise/source', ...defaultServerConditions] } },
  resolve: { conditions: ['@tokenwise/source'] },
  test: {
    testTimeout: 20_000,
    projects: dirs.map((dir) => ({
      extends: true,
      test: {
        name: dir,
        root: `${root}${dir}`,
        include,
        environment: 'node',
      },
    })),
  },
});
