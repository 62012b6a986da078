import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

const projectDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(`${root}${group}`)
    .filter((name) => existsSync(`${root}${group}/${name}/package.json`))
    .map((name) => ({ group, name })),
);

// One vitest process for the whole repo (each extra process costs ~1 s on CI's 2 cores). Workspace packages
// resolve to their sources through the `@tokenwise/source` export condition, so tests need no build.
export default defineConfig({
  // Without `module`, as plain Node resolves: OpenTelemetry's `module` build imports without file extensions.
  ssr: {
    resolve: {
      conditions: ['@tokenwise/source', ...defaultServerConditions.filter((name) => name !== 'module')],
    },
  },
  resolve: { conditions: ['@tokenwise/source'] },
  test: {
    testTimeout: 20_000,
    projects: projectDirs.map(({ group, name }) => ({
      extends: true,
      test: {
        name: `${group}/${name}`,
        root: `${root}${group}/${name}`,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        environment: 'node',
      },
    })),
  },
});
