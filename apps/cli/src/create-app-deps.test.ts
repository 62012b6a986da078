import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '@tokenwise/cli';
import { createOpenRouterMockUpstream, type ListeningUpstream } from '@tokenwise/testkit';
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
  it('routes from the bundled catalog without touching the network', async () => {
    const t = app({});
    expect(await t.run('route', 'Write a haiku', '--json')).toBe(0);
    expect(JSON.parse(t.stdout()).model.id).toContain('/');
    expect(upstream.calls).toHaveLength(0);
  });
  it('models --refresh loads the live catalog, caches it, and later commands use the cache', async () => {
    const t = app({});
    expect(await t.run('models', '--refresh', '--json', '--limit', '1000')).toBe(0);
    const live = JSON.parse(t.stdout()).map((model: { id: string }) => model.id);
    expect(live).toContain('openai/gpt-4.1-mini');
    expect(upstream.calls.map((call) => call.path)).toEqual(['/api/v1/models']);
    // Still used after TOKENWISE_CACHE_TTL: a command never refreshes, and any live catalog beats the snapshot.
    const later = app({ TOKENWISE_CACHE_TTL: '0' });
    expect(await later.run('models', '--json', '--limit', '1000')).toBe(0);
    expect(JSON.parse(later.stdout()).map((model: { id: string }) => model.id)).toEqual(live);
    expect(upstream.calls).toHaveLength(1);
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
