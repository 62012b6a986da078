import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Start-up time: a JSON file bundled as a JavaScript object literal (esbuild's default) is parsed and compiled
 * as code, which for the ~220 kB model catalog costs V8 far more than `JSON.parse` of the same text. Emit every
 * bundled JSON file as one string handed to `JSON.parse` (same value; only default imports are used).
 */
const jsonAsString: Plugin = {
  name: 'json-as-string',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // Round-trip so the emitted string is compact and known to be valid JSON.
      const compact = JSON.stringify(JSON.parse(text));
      return { contents: `export default JSON.parse(${JSON.stringify(compact)});`, loader: 'js' };
    });
  },
};

/**
 * Start-up time: `yaml` is needed only when a config or local models file is actually read, yet bundled into a
 * command's chunk its ~200 kB are compiled (and its ~40 CommonJS modules evaluated) on every start. The
 * workspace sources import `{ parse }` from `yaml`; this redirects that import to a stub that requires
 * `dist/yaml.cjs` (the package bundled on its own, written next to the chunks) on the first call.
 */
const lazyYaml: Plugin = {
  name: 'lazy-yaml',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (args) => ({
      path: 'yaml',
      namespace: 'lazy-yaml',
      pluginData: { resolveDir: args.resolveDir },
    }));
    build.onResolve({ filter: /^\.\/yaml\.cjs$/ }, () => ({ path: './yaml.cjs', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, () => ({
      contents:
        'export function parse(...args) {\n  return require("./yaml.cjs").parse(...args);\n}\n' +
        'export function stringify(...args) {\n  return require("./yaml.cjs").stringify(...args);\n}\n',
      loader: 'js',
    }));
    // The stub's target, built after the main build (whose `clean` has run by then) from core's own `yaml`.
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const outdir = build.initialOptions.outdir ?? 'dist';
      const coreRequire = createRequire(
        fileURLToPath(new URL('../../packages/core/package.json', import.meta.url)),
      );
      await build.esbuild.build({
        entryPoints: [coreRequire.resolve('yaml')],
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        outfile: join(outdir, 'yaml.cjs'),
        logLevel: 'warning',
      });
    });
  },
};

export default defineConfig({
  // `proxy-server`: the one proxy composition, imported by apps/proxy as `tokenwise/proxy-server`.
  entry: { main: 'src/main.ts', 'proxy-server': 'src/proxy/index.ts' },
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
  // Memory: V8 keeps every loaded module's source text for its lifetime, so comments and indentation cost a
  // long-running server resident memory (and one curly quote in a comment stores a whole chunk as UTF-16).
  // Identifiers keep their names, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  esbuildPlugins: [jsonAsString, lazyYaml],
  // Workspace packages are bundled from their sources (the same condition tests use), so the binary never
  // depends on the build order or freshness of the other packages' dist folders.
  esbuildOptions(options) {
    options.conditions = ['@tokenwise/source', 'import', 'module', 'default'];
  },
});
