// One-off generator for package boilerplate (kept for adding packages later): node scripts/scaffold.mjs
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

const V = {
  valibot: '^1.5.0',
  ky: '~1.14.0',
  'eventsource-parser': '^3.0.6',
  hono: '^4.13.0',
  '@hono/node-server': '^2.1.0',
  citty: '^0.2.2',
  yaml: '^2.8.0',
  'gpt-tokenizer': '^3.4.0',
  openai: '^6.0.0',
  '@anthropic-ai/sdk': '^1.0.0',
  '@google/genai': '^2.0.0',
  autocannon: '^8.0.0',
  consola: '^3.4.0',
};
const ws = (names) =>
  Object.fromEntries(
    names.map((n) => [n.startsWith('@') || n === 'tokenwise' ? n : `@tokenwise/${n}`, 'workspace:^']),
  );
const ext = (names) => Object.fromEntries(names.map((n) => [n, V[n]]));

const pkgs = [
  {
    dir: 'packages/spec',
    name: '@tokenwise/spec',
    desc: 'Contracts of TokenWise: language model and provider interfaces, model info, routing types, exact money and errors.',
    deps: {},
  },
  {
    dir: 'packages/provider-utils',
    name: '@tokenwise/provider-utils',
    desc: 'HTTP, SSE, validation, API-key and redaction helpers shared by TokenWise provider adapters.',
    deps: { ...ws(['spec']), ...ext(['ky', 'eventsource-parser', 'valibot']) },
  },
  {
    dir: 'packages/providers-openai',
    name: '@tokenwise/providers-openai',
    desc: 'OpenAI (and OpenAI-compatible servers) adapter for TokenWise.',
    deps: { ...ws(['spec', 'provider-utils']), ...ext(['valibot']) },
    dev: { ...ws(['testkit']), ...ext(['openai']) },
    entries: ['index', 'internal'],
  },
  {
    dir: 'packages/providers-anthropic',
    name: '@tokenwise/providers-anthropic',
    desc: 'Anthropic Messages API adapter for TokenWise.',
    deps: { ...ws(['spec', 'provider-utils']), ...ext(['valibot']) },
    dev: { ...ws(['testkit']), ...ext(['@anthropic-ai/sdk']) },
  },
  {
    dir: 'packages/providers-google',
    name: '@tokenwise/providers-google',
    desc: 'Google Gemini (Generative Language API) adapter for TokenWise.',
    deps: { ...ws(['spec', 'provider-utils']), ...ext(['valibot']) },
    dev: { ...ws(['testkit']), ...ext(['@google/genai']) },
  },
  {
    dir: 'packages/providers-openrouter',
    name: '@tokenwise/providers-openrouter',
    desc: 'OpenRouter adapter for TokenWise, with live model listing and vendor-reported cost.',
    deps: { ...ws(['spec', 'provider-utils', 'providers-openai']), ...ext(['valibot']) },
    dev: { ...ws(['testkit']), ...ext(['openai']) },
  },
  {
    dir: 'packages/core',
    name: '@tokenwise/core',
    desc: 'TokenWise core: model registry and catalog, scenario detection, cost estimation, budget-aware routing, budgets and config.',
    deps: { ...ws(['spec']), ...ext(['valibot', 'yaml', 'gpt-tokenizer']) },
    dev: ws(['testkit']),
  },
  {
    dir: 'packages/ledger',
    name: '@tokenwise/ledger',
    desc: 'TokenWise cost ledger: in-memory and durable JSONL stores with exact summaries.',
    deps: { ...ws(['spec']), ...ext(['valibot']) },
  },
  {
    dir: 'packages/planner',
    name: '@tokenwise/planner',
    desc: 'TokenWise planner and executor: task decomposition into a DAG and budget-safe execution with tiered escalation.',
    deps: { ...ws(['spec', 'core']), ...ext(['valibot']) },
    dev: ws(['testkit', 'ledger', 'providers-openai', 'providers-openrouter']),
  },
  {
    dir: 'packages/proxy',
    name: '@tokenwise/proxy',
    desc: 'OpenAI-compatible TokenWise gateway as a Hono app: routing, budgets, streaming, failover and cost on every response.',
    deps: { ...ws(['spec', 'core', 'ledger']), ...ext(['hono', 'valibot']) },
    dev: {
      ...ws([
        'testkit',
        'providers-openai',
        'providers-anthropic',
        'providers-google',
        'providers-openrouter',
      ]),
      ...ext(['openai', '@hono/node-server']),
    },
  },
  {
    dir: 'packages/cli',
    name: '@tokenwise/cli',
    desc: 'TokenWise command tree (route, plan, models, ledger, serve) as citty commands.',
    deps: { ...ws(['spec', 'core', 'ledger', 'planner', 'proxy']), ...ext(['citty', 'valibot']) },
    dev: ws(['testkit']),
  },
  {
    dir: 'packages/testkit',
    name: '@tokenwise/testkit',
    private: true,
    desc: 'Mock upstreams speaking the OpenAI, Anthropic, Gemini and OpenRouter wire formats, for TokenWise tests and benchmarks.',
    deps: { ...ws(['spec']), ...ext(['hono', '@hono/node-server']) },
    dev: {},
    entries: ['index', 'vitest'],
  },
];

for (const p of pkgs) {
  mkdirSync(`${p.dir}/src`, { recursive: true });
  const entries = p.entries ?? ['index'];
  const exp = { './package.json': './package.json' };
  for (const e of entries) {
    const key = e === 'index' ? '.' : `./${e}`;
    exp[key] = {
      '@tokenwise/source': `./src/${e === 'index' ? 'index' : `${e}/index`}.ts`,
      types: `./dist/${e}.d.ts`,
      import: `./dist/${e}.js`,
    };
  }
  const json = {
    name: p.name,
    version: '0.1.0',
    description: p.desc,
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    ...(p.private ? { private: true } : {}),
    exports: exp,
    main: './dist/index.js',
    types: './dist/index.d.ts',
    files: ['dist'],
    engines: { node: '>=20.19' },
    scripts: { build: 'tsup' },
    dependencies: p.deps,
    devDependencies: p.dev ?? {},
    ...(p.private ? {} : { publishConfig: { access: 'public' } }),
    repository: { type: 'git', url: 'git+https://github.com/tokenwise/tokenwise-ts.git', directory: p.dir },
    keywords: ['llm', 'tokenwise', 'router', 'budget'],
  };
  if (!Object.keys(json.devDependencies).length) delete json.devDependencies;
  if (!existsSync(`${p.dir}/package.json`))
    writeFileSync(`${p.dir}/package.json`, `${JSON.stringify(json, null, 2)}\n`);
  const tsupEntries = Object.fromEntries(
    entries.map((e) => [e, `src/${e === 'index' ? 'index' : `${e}/index`}.ts`]),
  );
  if (!existsSync(`${p.dir}/tsup.config.ts`))
    writeFileSync(
      `${p.dir}/tsup.config.ts`,
      `import { defineConfig } from 'tsup';\n\nexport default defineConfig({\n  entry: ${JSON.stringify(tsupEntries)},\n  format: ['esm'],\n  dts: { compilerOptions: { customConditions: [] } },\n  sourcemap: true,\n  clean: true,\n  target: 'node20',\n  tsconfig: 'tsconfig.build.json',\n});\n`,
    );
  if (!existsSync(`${p.dir}/tsconfig.build.json`))
    writeFileSync(
      `${p.dir}/tsconfig.build.json`,
      `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'], exclude: ['src/**/*.test.ts', 'src/**/__fixtures__'] }, null, 2)}\n`,
    );
  if (!existsSync(`${p.dir}/README.md`)) writeFileSync(`${p.dir}/README.md`, `# ${p.name}\n\n${p.desc}\n`);
  for (const e of entries) {
    const f = `${p.dir}/src/${e === 'index' ? 'index' : `${e}/index`}.ts`;
    mkdirSync(f.replace(/\/[^/]+$/, ''), { recursive: true });
    if (!existsSync(f)) writeFileSync(f, 'export {};\n');
  }
}
