import { defineConfig } from 'tsup';

// Two builds: the library entry (mounted by the `tokenwise` CLI as `tokenwise bench`) with types, and the
// standalone `tokenwise-bench` bin, which alone gets the shebang.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
  },
  {
    entry: { main: 'src/main.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
