import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  // No source maps: the bundle includes tokenizer tables whose maps alone are ~5 MB of the published package.
  sourcemap: false,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  // The bin runs directly (`tokenwise …`). Bundled CommonJS dependencies (yaml) call `require` for Node
  // built-ins, which an ES module lacks: give every chunk one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __tokenwiseCreateRequire } from 'node:module';\nconst require = __tokenwiseCreateRequire(import.meta.url);",
  },
  // Start-up time: bundling the workspace packages and their dependencies into a few chunks saves Node from
  // resolving and loading dozens of small modules (yaml alone is ~40 CommonJS files). Chunks stay lazy: the
  // providers, the proxy and the planner load only in the commands that need them.
  noExternal: [/.*/],
  splitting: true,
  // Workspace packages are bundled from their sources (the same condition tests use), so the binary never
  // depends on the build order or freshness of the other packages' dist folders.
  esbuildOptions(options) {
    options.conditions = ['@tokenwise/source', 'import', 'module', 'default'];
  },
});
