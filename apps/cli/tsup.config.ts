import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  // The bin runs directly (`tokenwise …`); workspace packages stay external and load lazily per command.
  banner: { js: '#!/usr/bin/env node' },
});
