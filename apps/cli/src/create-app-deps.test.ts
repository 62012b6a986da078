import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '@tokenwise/cli';
import { createOpenRouterMockUpstream, type ListeningUpstream, openaiText } from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppDeps } from './create-app-deps.js';
import { toCliEvent } from './create-plan-service.js';

let dir: string;
const upstream = createOpenRouterMockUpstream();
let server: ListeningUpstream;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenwise-app-deps-'));
  server = await upstream.listen();
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function app(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    color: false,
    debug: false,
    signal: new AbortController().signal,
  };
  const deps = createAppDeps({
    env: {
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      OPENROUTER_BASE_URL: `${server.url}/api/v1`,
      ...env,
    },
    io,
    version: '1.2.3',
  });
  return {
    deps,
    run: (...args: string[]) => runCli(deps, args),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

describe('createAppDeps', () => {
  it('refreshes a catalog older than TOKENWISE_CACHE_TTL once, keeps the bundled one when the answer is tiny, and says which answered (issue #17.6/9)', async () => {
    upstream.reset();
    const cacheHome = join(dir, 'cache-stale');
    const t = app({ XDG_CACHE_HOME: cacheHome });
    expect(await t.run('route', 'Write a haiku', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.model.id).toContain('/');
    // The bundled snapshot is older than the TTL: one live try (the mock lists 2 models, far fewer than ~400).
    expect(upstream.calls.map((call) => call.path)).toEqual(['/api/v1/models']);
    expect(json.catalog).toMatchObject({ source: 'bundled', location: null, refreshed: false });
    expect(json.catalog.models).toBeGreaterThan(300);
    expect(json.catalog.refreshError).toContain('lists only 2 models');
    expect(t.stderr()).toContain(
      `leaving the cache file ${join(cacheHome, 'tokenwise', 'models.json')} unchanged`,
    );
  });
  it('falls back to the bundled catalog within 1.5 s when the live catalog is unreachable', async () => {
    const t = app({
      XDG_CACHE_HOME: join(dir, 'cache-offline'),
      OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1',
    });
    const started = Date.now();
    expect(await t.run('route', 'Write a haiku', '--verbose')).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(t.stdout()).toMatch(
      /Catalog:\s+bundled of \d{4}-\d\d-\d\d \d\d:\d\d UTC, \d+ models; live refresh failed: Could not refresh/,
    );
    expect(t.stderr()).toBe('');
    // Remembered for one TTL: the next command does not wait for the network again.
    const next = app({
      XDG_CACHE_HOME: join(dir, 'cache-offline'),
      OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1',
    });
    expect(await next.run('route', 'Write a haiku', '--json')).toBe(0);
    expect(JSON.parse(next.stdout()).catalog).toMatchObject({
      source: 'bundled',
      refreshed: false,
      refreshError: expect.stringContaining('skipped: the last live refresh failed'),
    });
  });
  it('models --refresh takes the live catalog (even a small one, with a warning), caches it, and later commands use it until the TTL', async () => {
    upstream.reset();
    const cacheHome = join(dir, 'cache-refresh');
    const t = app({ XDG_CACHE_HOME: cacheHome });
    expect(await t.run('models', '--refresh', '--json', '--limit', '1000')).toBe(0);
    const live = JSON.parse(t.stdout()).map((model: { id: string }) => model.id);
    expect(live).toContain('openai/gpt-4.1-mini');
    expect(upstream.calls.map((call) => call.path)).toEqual(['/api/v1/models']);
    expect(t.stderr()).toContain(
      `it replaces it and is written to the cache file ${join(cacheHome, 'tokenwise', 'models.json')}`,
    );
    // Fresh (default TTL 3600 s): used as it is, no network.
    const fresh = app({ XDG_CACHE_HOME: cacheHome });
    expect(await fresh.run('models', '--json', '--limit', '1000')).toBe(0);
    expect(JSON.parse(fresh.stdout()).map((model: { id: string }) => model.id)).toEqual(live);
    expect(fresh.stderr()).toMatch(/^Catalog: cache \(.*models\.json\) of /);
    expect(upstream.calls).toHaveLength(1);
    // Older than TOKENWISE_CACHE_TTL: refreshed live again before answering.
    const stale = app({ XDG_CACHE_HOME: cacheHome, TOKENWISE_CACHE_TTL: '0' });
    expect(await stale.run('route', 'Write a haiku', '--json')).toBe(0);
    expect(JSON.parse(stale.stdout()).catalog).toMatchObject({ source: 'live', refreshed: true });
    expect(upstream.calls).toHaveLength(2);
    // An error from the cached catalog says so and names the file.
    const tight = app({ XDG_CACHE_HOME: cacheHome });
    expect(await tight.run('route', 'Write a haiku', '--budget', '0.000000001')).toBe(1);
    expect(tight.stderr()).toContain(
      `The catalog is the cached copy in ${join(cacheHome, 'tokenwise', 'models.json')}`,
    );
  });
  it('names an unreadable config file or ledger path and what to do (issue #17.10)', async () => {
    const configHome = join(dir, 'config-dir');
    // config.yaml is a directory: exit 2 (a wrong setting), one line naming it
    await mkdir(join(configHome, 'tokenwise', 'config.yaml'), { recursive: true });
    const config = app({ XDG_CONFIG_HOME: configHome });
    expect(await config.run('route', 'Write a haiku')).toBe(2);
    expect(config.stderr()).toBe(
      `tokenwise route: cannot read the config file ${join(configHome, 'tokenwise', 'config.yaml')}: it is a directory, not a file; make it a readable YAML file, remove it, or set XDG_CONFIG_HOME to use another folder.\n`,
    );
    // the ledger path is a directory: exit 1, one line naming it
    const ledger = app({ TOKENWISE_LEDGER_PATH: dir });
    expect(await ledger.run('ledger')).toBe(1);
    expect(ledger.stderr()).toBe(
      `tokenwise ledger: The ledger path ${dir} is a directory, not a regular file: set TOKENWISE_LEDGER_PATH to a file.\n`,
    );
  });
  it('calls the default planner even when a local models file does not list it, priced from the bundled snapshot (issue #17.3)', async () => {
    upstream.reset();
    const local = join(dir, 'local-models.yaml');
    await writeFile(
      local,
      'models:\n  - id: acme/local-chat\n    input_price: 0.1\n    output_price: 0.2\n    capabilities: [general, code, reasoning]\n',
    );
    upstream.enqueue(
      openaiText(
        JSON.stringify([
          {
            description: 'Outline',
            capability: 'general',
            estimated_input_tokens: 200,
            estimated_output_tokens: 200,
          },
          {
            description: 'Write',
            capability: 'general',
            estimated_input_tokens: 200,
            estimated_output_tokens: 200,
            depends_on: [0],
          },
        ]),
        { usage: { inputTokens: 300, outputTokens: 100 } },
      ),
    );
    const t = app({ TOKENWISE_LOCAL_MODELS: local, OPENROUTER_API_KEY: 'sk-or-test-key-123456' });
    expect(await t.run('plan', 'Write a short report', '--json', '--budget', '0.10')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json).toMatchObject({ source: 'llm', catalog: { source: 'local', location: local } });
    expect(json.steps.map((step: { modelId: string }) => step.modelId)).toEqual([
      'acme/local-chat',
      'acme/local-chat',
    ]);
    expect(json.plannerCost).toBeGreaterThan(0); // gpt-4.1-mini's bundled price
    const chat = upstream.calls.filter((call) => call.path.endsWith('/chat/completions'));
    expect((chat[0]!.bodyJson as { model: string }).model).toBe('openai/gpt-4.1-mini');
    // An unknown planner model under a budget: one line saying how to price it, before any call.
    upstream.reset();
    const unknown = app({
      TOKENWISE_LOCAL_MODELS: local,
      OPENROUTER_API_KEY: 'sk-or-test-key-123456',
      TOKENWISE_PLANNER_MODEL: 'acme/planner-9000',
    });
    expect(await unknown.run('plan', 'Write a short report')).toBe(2);
    expect(unknown.stderr()).toContain(
      'model_overrides ("acme/planner-9000": {input_price: 0.4, output_price: 1.6}',
    );
    expect(upstream.calls).toHaveLength(0);
  });
  it('plan: a planner model no catalog knows gets one live refresh, then the budget refusal naming model_overrides (issue #14.4)', async () => {
    upstream.reset();
    const t = app({
      XDG_CACHE_HOME: join(dir, 'cache-planner-miss'),
      OPENROUTER_API_KEY: 'sk-or-test-key-123456',
      TOKENWISE_PLANNER_MODEL: 'acme/planner-9001',
    });
    expect(await t.run('plan', 'Write a short report', '--budget', '0.10')).toBe(2);
    expect(t.stderr()).toContain('The model "acme/planner-9001" has no known price');
    expect(t.stderr()).toContain('model_overrides ("acme/planner-9001"');
    const paths = upstream.calls.map((call) => call.path);
    // the start-up refresh of a stale catalog, then the one refresh of the miss; no model call
    expect(paths).toEqual(['/api/v1/models', '/api/v1/models']);
  });
  it('names the four key variables when none is set, and nothing when one is', async () => {
    const none = app({});
    const config = await none.deps.loadConfig();
    expect(none.deps.missingProviderKeys?.(config)).toEqual([
      'OPENROUTER_API_KEY',
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'GOOGLE_API_KEY',
    ]);
    const one = app({ ANTHROPIC_API_KEY: 'sk-ant-test' });
    expect(one.deps.missingProviderKeys?.(await one.deps.loadConfig())).toBeUndefined();
  });
  it('reads the config file (env wins) and its ledger_path', async () => {
    await mkdir(join(dir, 'config', 'tokenwise'), { recursive: true });
    await writeFile(
      join(dir, 'config', 'tokenwise', 'config.yaml'),
      `default_strategy: best_quality\ndefault_budget: 0.02\nledger_path: ${join(dir, 'from-file.jsonl')}\n`,
    );
    const file = app({});
    expect(await file.run('route', 'Write a haiku', '--json')).toBe(0);
    expect(JSON.parse(file.stdout())).toMatchObject({ strategy: 'best_quality', budget: 0.02 });
    expect((await file.deps.openLedger()).location).toBe(join(dir, 'from-file.jsonl'));
    const env = app({
      TOKENWISE_DEFAULT_STRATEGY: 'cheapest',
      TOKENWISE_LEDGER_PATH: join(dir, 'env.jsonl'),
    });
    expect(await env.run('route', 'Write a haiku', '--json')).toBe(0);
    expect(JSON.parse(env.stdout()).strategy).toBe('cheapest');
    expect((await env.deps.openLedger()).location).toBe(join(dir, 'env.jsonl'));
    await rm(join(dir, 'config'), { recursive: true, force: true });
  });
  it('accepts TOKENWISE_PROXY_PORT=0 (any free port) and still rejects a bad port with exit 2', async () => {
    expect((await app({ TOKENWISE_PROXY_PORT: '0' }).deps.loadConfig()).proxyPort).toBe(0);
    const bad = app({ TOKENWISE_PROXY_PORT: 'eighty' });
    expect(await bad.run('serve')).toBe(2);
    expect(bad.stderr()).toContain('TOKENWISE_PROXY_PORT');
  });
});

describe('toCliEvent', () => {
  it('maps executor events to progress events and drops per-attempt ones', () => {
    expect(
      toCliEvent({
        type: 'step-retry',
        stepId: 2,
        modelId: 'a/b',
        retry: 1,
        delayMs: 500,
        error: 'HTTP 503',
      }),
    ).toEqual({ type: 'step-retry', stepId: 2, modelId: 'a/b', attempt: 2, delayMs: 500, error: 'HTTP 503' });
    expect(
      toCliEvent({
        type: 'step-escalation',
        escalation: {
          stepId: 3,
          fromModel: 'a/cheap',
          fromTier: 'budget',
          toModel: 'a/mid',
          toTier: 'mid',
          reason: 'empty_answer',
          detail: 'the answer was empty',
        },
      }),
    ).toEqual({
      type: 'step-escalate',
      stepId: 3,
      fromModelId: 'a/cheap',
      toModelId: 'a/mid',
      reason: 'empty_answer: the answer was empty',
    });
    expect(
      toCliEvent({
        type: 'attempt',
        stepId: 1,
        entry: {
          reason: 'step 1 attempt 1',
          modelId: 'a/b',
          inputTokens: 1,
          outputTokens: 1,
          cost: 1n,
          success: true,
        },
      }),
    ).toBeUndefined();
  });
});

const testDatabaseUrl = process.env.TOKENWISE_TEST_DATABASE_URL;

describe.skipIf(!testDatabaseUrl)('tokenwise keys on PostgreSQL (TOKENWISE_TEST_DATABASE_URL)', () => {
  const schema = `tw_test_cli_${process.pid}_${Date.now().toString(36)}`;
  const env = { TOKENWISE_DATABASE_URL: testDatabaseUrl ?? '', TOKENWISE_DATABASE_SCHEMA: schema };
  afterAll(async () => {
    const { default: postgres } = await import('postgres');
    const sql = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop schema if exists "${schema}" cascade`);
    await sql.end();
  });

  it('keeps keys and teams between runs, and revokes for every later run', async () => {
    const team = app(env);
    expect(await team.run('teams', 'create', 'Search', '--budget', '20', '--json')).toBe(0);
    const teamId = JSON.parse(team.stdout()).id;
    const create = app(env);
    expect(
      await create.run(
        'keys',
        'create',
        'bot',
        '--team',
        teamId,
        '--budget',
        '2',
        '--period',
        '1d',
        '--json',
      ),
    ).toBe(0);
    const { key, secret } = JSON.parse(create.stdout());
    const list = app(env);
    expect(await list.run('keys', 'list', '--json')).toBe(0);
    expect(JSON.parse(list.stdout()).map((k: { id: string }) => k.id)).toEqual([key.id]);
    expect(list.stdout()).not.toContain(secret);
    const show = app(env);
    expect(await show.run('keys', 'show', key.id, '--json')).toBe(0);
    expect(JSON.parse(show.stdout()).spend).toMatchObject({ limit_usd: '2', period: '1d', spent_usd: '0' });
    expect(await app(env).run('keys', 'revoke', key.id)).toBe(0);
    const after = app(env);
    expect(await after.run('keys', 'list', '--all', '--json')).toBe(0);
    expect(JSON.parse(after.stdout())[0].status).toBe('revoked');
  });

  it('names the database without its password when it cannot connect', async () => {
    const t = app({ TOKENWISE_DATABASE_URL: 'postgres://tw:hunter2-pw@127.0.0.1:1/db' });
    expect(await t.run('keys', 'list')).toBe(1);
    expect(t.stderr()).toContain('postgres://tw:***@127.0.0.1:1/db');
    expect(t.stderr()).not.toContain('hunter2');
  });
});
