import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createOpenRouterMockUpstream,
  type ListeningUpstream,
  openaiError,
  openaiText,
  withLatency,
} from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end: the BUILT binary as a process (`pnpm test` builds first; locally run
// `pnpm turbo run build --filter tokenwise...`), against the test kit's OpenRouter mock on loopback, with a
// temporary HOME so no real config, cache, key or ledger is touched.
const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let home: string;
let ledgerPath: string;
const upstream = createOpenRouterMockUpstream();
let server: ListeningUpstream;

beforeAll(async () => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run \`pnpm turbo run build --filter tokenwise...\` first.`);
  home = await mkdtemp(join(tmpdir(), 'tokenwise-cli-e2e-'));
  ledgerPath = join(home, 'ledger', 'ledger.jsonl');
  server = await upstream.listen();
});
afterAll(async () => {
  await server?.close();
  await rm(home, { recursive: true, force: true });
});

/** Runs the binary asynchronously (the mock upstream lives in this process and must keep answering). */
function tokenwise(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      // A clean environment: nothing from the developer's shell (keys, DEBUG, NO_COLOR…) leaks in.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_CACHE_HOME: join(home, 'cache'),
        TOKENWISE_LEDGER_PATH: ledgerPath,
        OPENROUTER_BASE_URL: `${server.url}/api/v1`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `tokenwise serve --json` on a free port; resolves once it listens. */
async function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve', '--json'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_CACHE_HOME: join(home, 'serve-cache'),
      TOKENWISE_LEDGER_PATH: ledgerPath,
      TOKENWISE_PROXY_PORT: '0',
      OPENROUTER_BASE_URL: `${server.url}/api/v1`,
      OPENROUTER_API_KEY: 'sk-or-test-key-123456',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  while (!stdout.includes('}')) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (child.exitCode !== null) throw new Error(`serve exited early with ${child.exitCode}: ${stderr}`);
  }
  const { url } = JSON.parse(stdout) as { url: string };
  const chat = (body: Record<string, unknown>) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const stop = async () => {
    child.kill('SIGINT');
    return exited;
  };
  return { url, chat, stop };
}

const chatCalls = () => upstream.calls.filter((call) => call.path.endsWith('/chat/completions'));

const PLAN_STEPS = [
  {
    description: 'Design the todo REST endpoints',
    capability: 'general',
    estimated_input_tokens: 200,
    estimated_output_tokens: 300,
    depends_on: [],
  },
  {
    description: 'Write the Express handlers',
    capability: 'code',
    estimated_input_tokens: 300,
    estimated_output_tokens: 400,
    depends_on: [0],
  },
];

// Each test spawns Node processes; on a loaded 2-core machine a spawn can take seconds, so allow a minute.
describe('tokenwise (built binary)', { timeout: 60_000 }, () => {
  it('routes with no key, as text and as JSON, trying the stale catalog live once', async () => {
    const text = await tokenwise([
      'route',
      'Debug this segfault',
      '--strategy',
      'best_quality',
      '--budget',
      '0.05',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Selected model: \S+\/\S+/);
    expect(text.stdout).toMatch(/Request ID:\s+[0-9a-f]{12}\n {2}Termination:\s+completed\n$/);
    expect(text.stdout).not.toContain('\u001B[');
    // The bundled snapshot is older than TOKENWISE_CACHE_TTL: one live try; the mock's 2-model catalog is kept out.
    expect(text.stderr).toContain('lists only 2 models');

    const json = await tokenwise(['route', 'Write a haiku about Python', '--json', '--budget', '0.01']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(Object.keys(parsed)).toEqual([
      'model',
      'scenario',
      'strategy',
      'budget',
      'estimatedCost',
      'trace',
      'catalog',
    ]);
    // The failed try is remembered for one TTL: this second command does not ask again.
    expect(parsed.catalog).toMatchObject({ source: 'bundled', refreshed: false });
    expect(parsed.catalog.refreshError).toContain('skipped');
    expect(Object.keys(parsed.model)).toEqual([
      'id',
      'provider',
      'tier',
      'inputPrice',
      'outputPrice',
      'contextWindow',
      'capabilities',
    ]);
    expect(parsed.budget).toBe(0.01);
    expect(parsed.estimatedCost).toBeLessThanOrEqual(0.01);
    expect(upstream.calls.map((call) => call.path)).toEqual(['/api/v1/models']);
  });

  it('exits 2 for a malformed --budget and 1 for a budget nothing fits', async () => {
    const malformed = await tokenwise(['route', 'hello', '--budget', '5 dollars']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr.trim()).toBe(
      'tokenwise route: --budget must be a positive USD amount like 0.05 (got "5 dollars"). Run "tokenwise route --help" for usage.',
    );
    const tooSmall = await tokenwise(['route', 'hello', '--budget', '0.000000001']);
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toMatch(/^tokenwise route: .*budget/i);
    expect(tooSmall.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('stops plan --execute at once when no key is set, naming the four variables, with no model call', async () => {
    upstream.reset();
    const run = await tokenwise(['plan', 'Build a REST API for a todo app', '--execute']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'no provider API key is set; set one of OPENROUTER_API_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(chatCalls()).toHaveLength(0);
  });

  it('plans and executes against the mock upstream, saves the record, and reads it back', async () => {
    upstream.reset();
    upstream.enqueue(
      openaiText(JSON.stringify(PLAN_STEPS), { usage: { inputTokens: 400, outputTokens: 120 } }),
    );
    const run = await tokenwise(
      ['plan', 'Build a REST API for a todo app', '--execute', '--budget', '0.50', '--json'],
      {
        OPENROUTER_API_KEY: 'sk-or-test-key-123456',
      },
    );
    expect(run.stderr).not.toContain('sk-or-test-key-123456');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ task: 'Build a REST API for a todo app', budget: 0.5, source: 'llm' });
    expect(json.steps.map((step: { description: string }) => step.description)).toEqual([
      'Design the todo REST endpoints',
      'Write the Express handlers',
    ]);
    expect(json.steps[1].dependsOn).toEqual([1]);
    expect(json.result.success).toBe(true);
    expect(json.result.steps).toHaveLength(2);
    expect(json.result.totalCost).toBeGreaterThan(0);
    expect(json.result.totalCost).toBeLessThanOrEqual(0.5);
    expect(json.result.budgetRemaining).toBeCloseTo(0.5 - json.result.totalCost, 9);
    expect(json.result.finalOutput).toContain('echo:');
    // Progress went to stderr, one plain line per event (not a terminal).
    expect(run.stderr).toContain('[step 1] started');
    expect(run.stderr).toContain('[step 2] done');
    // Planner call + one call per step, all with the key, none elsewhere.
    expect(chatCalls()).toHaveLength(3);
    expect(chatCalls()[0]!.headers.authorization).toBe('Bearer sk-or-test-key-123456');

    const file = await readFile(ledgerPath, 'utf8');
    expect(file.trim().split('\n')).toHaveLength(1);
    expect(file).not.toContain('sk-or-test-key-123456');

    const history = await tokenwise(['ledger', '--json']);
    expect(history.code).toBe(0);
    const records = JSON.parse(history.stdout);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      task: 'Build a REST API for a todo app',
      success: true,
      kind: 'task',
    });
    expect(records[0].total_cost).toBeCloseTo(json.result.totalCost, 12);

    const summary = await tokenwise(['ledger', '--summary', '--json']);
    expect(JSON.parse(summary.stdout)).toMatchObject({ numTasks: 1, numSucceeded: 1, numFailed: 0 });
    expect(JSON.parse(summary.stdout).totalSpend).toBeCloseTo(json.result.totalCost, 12);
  });

  it('Ctrl-C during execution cancels the run, exits 130 and still saves the record', async () => {
    upstream.reset();
    upstream.enqueue(
      openaiText(JSON.stringify(PLAN_STEPS), { usage: { inputTokens: 400, outputTokens: 120 } }),
    );
    // Every step call takes 30 s: the run is certainly still going when Ctrl-C arrives.
    upstream.setDefault(() =>
      withLatency(openaiText('late', { usage: { inputTokens: 5, outputTokens: 5 } }), 30_000),
    );
    const cancelledLedger = join(home, 'cancelled.jsonl');
    const child = spawn(process.execPath, [BIN, 'plan', 'Build a REST API for a todo app', '--execute'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        TOKENWISE_LEDGER_PATH: cancelledLedger,
        OPENROUTER_BASE_URL: `${server.url}/api/v1`,
        OPENROUTER_API_KEY: 'sk-or-test-key-123456',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!stderr.includes('[step 1] started')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (child.exitCode !== null) throw new Error(`plan exited early with ${child.exitCode}: ${stderr}`);
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toContain('Status: Cancelled');
    expect(stdout).toContain('Termination: aborted');
    const saved = (await readFile(cancelledLedger, 'utf8')).trim().split('\n');
    expect(saved).toHaveLength(1);
    expect(JSON.parse(saved[0]!)).toMatchObject({ task: 'Build a REST API for a todo app', success: false });
    upstream.reset();
  });

  it('serves the proxy (TOKENWISE_PROXY_PORT, --json) and drains on Ctrl-C with exit 0', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--json'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        XDG_CACHE_HOME: join(home, 'serve-cache'),
        TOKENWISE_LEDGER_PATH: ledgerPath,
        TOKENWISE_PROXY_PORT: '0',
        OPENROUTER_BASE_URL: `${server.url}/api/v1`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // One JSON document with the address, printed once the server listens.
    while (!stdout.includes('}')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (child.exitCode !== null) throw new Error(`serve exited early with ${child.exitCode}`);
    }
    const { url, endpoint } = JSON.parse(stdout);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoint).toBe(`${url}/v1/chat/completions`);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: unknown[] };
    expect(models.data.length).toBeGreaterThan(0);
    // The background refresh got the mock's 2-model catalog: kept out, and said so, naming the cache file
    // (issue #17.9: it used to replace ~400 models silently).
    const cacheFile = join(home, 'serve-cache', 'tokenwise', 'models.json');
    for (let waited = 0; !stderr.includes('lists only 2 models') && waited < 5_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(stderr).toContain(`leaving the cache file ${cacheFile} unchanged`);
    expect(models.data.length).toBeGreaterThan(100);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('serve honours the proxy settings and calls upstream through the pooled client', async () => {
    upstream.reset();
    const proxy = await serve({
      TOKENWISE_PROXY_MAX_BODY_BYTES: '2048',
      TOKENWISE_PROXY_EXPLICIT_FAILOVER: 'true',
    });
    try {
      const hello = [{ role: 'user', content: 'Hello there' }];
      const big = await proxy.chat({
        model: 'openai/gpt-4.1-mini',
        messages: [{ role: 'user', content: 'x'.repeat(3000) }],
      });
      expect(big.status).toBe(413);
      expect(chatCalls()).toHaveLength(0);

      // The named model fails; with TOKENWISE_PROXY_EXPLICIT_FAILOVER another one answers.
      upstream.enqueue(openaiError(503, 'overloaded'));
      const reply = await proxy.chat({ model: 'openai/gpt-4.1-mini', messages: hello });
      expect(reply.status).toBe(200);
      const body = (await reply.json()) as { model: string };
      expect(body.model).not.toBe('openai/gpt-4.1-mini');
      const calls = chatCalls();
      expect(calls).toHaveLength(2);
      // undici's `request`, not Node's fetch (which adds fetch-spec headers such as sec-fetch-mode).
      for (const call of calls) expect(call.headers['sec-fetch-mode']).toBeUndefined();

      const health = (await (await fetch(`${proxy.url}/health`)).json()) as { version: string };
      const manifest = JSON.parse(
        await readFile(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'),
      ) as { version: string };
      expect(health.version).toBe(manifest.version);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }

    // Without the setting an explicit model's failure is the answer.
    const strict = await serve({});
    try {
      upstream.reset();
      upstream.enqueue(openaiError(503, 'overloaded'));
      const failed = await strict.chat({
        model: 'openai/gpt-4.1-mini',
        messages: [{ role: 'user', content: 'Hello' }],
      });
      expect(failed.status).toBe(503);
      expect(chatCalls()).toHaveLength(1);
    } finally {
      expect(await strict.stop()).toBe(0);
    }
  });

  it('serve guards its door: JSON only, JSON depth, browser origins, loopback Host', async () => {
    upstream.reset();
    const proxy = await serve({ TOKENWISE_PROXY_CORS_ORIGINS: 'https://app.example' });
    const port = Number(new URL(proxy.url).port);
    const send = (headers: Record<string, string>, body: string) =>
      new Promise<{ status: number; code: string | undefined; allowOrigin: unknown }>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/v1/chat/completions', headers },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                code:
                  res.statusCode === 200
                    ? undefined
                    : (JSON.parse(text) as { error: { code: string } }).error.code,
                allowOrigin: res.headers['access-control-allow-origin'],
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const json = { 'content-type': 'application/json' };
    const hello = JSON.stringify({
      model: 'openai/gpt-4.1-mini',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    // a schema nested 5,000 levels used to overflow the provider adapter's stack and count against the model:
    const depth = 5_000;
    const deep = `{"model":"openai/gpt-4.1-mini","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"t","parameters":${'{"type":"object","properties":{"x":'.repeat(depth)}{}${'}}'.repeat(depth)}}}]}`;
    try {
      expect(await send({ 'content-type': 'text/plain' }, hello)).toMatchObject({
        status: 415,
        code: 'unsupported_media_type',
      });
      for (let attempt = 0; attempt < 3; attempt++) {
        expect(await send(json, deep)).toMatchObject({ status: 400, code: 'json_too_deep' });
      }
      expect(await send({ ...json, origin: 'https://evil.example' }, hello)).toMatchObject({
        status: 403,
        code: 'origin_not_allowed',
      });
      expect(await send({ ...json, host: `rebind.example:${port}` }, hello)).toMatchObject({
        status: 403,
        code: 'host_not_allowed',
      });
      expect(chatCalls()).toHaveLength(0);
      // the model was never blamed: it still answers, and an allowed origin gets CORS headers
      expect(await send({ ...json, origin: 'https://app.example' }, hello)).toEqual({
        status: 200,
        code: undefined,
        allowOrigin: 'https://app.example',
      });
      expect(chatCalls()).toHaveLength(1);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });

  it.runIf(process.platform === 'linux')(
    'ledger --summary refuses a FIFO and /dev/zero at once with one line',
    async () => {
      const fifo = join(home, 'ledger.fifo');
      execFileSync('mkfifo', [fifo]);
      for (const [path, what] of [
        [fifo, 'a FIFO'],
        ['/dev/zero', 'a character device'],
      ] as const) {
        const started = Date.now();
        const run = await tokenwise(['ledger', '--summary'], { TOKENWISE_LEDGER_PATH: path });
        expect(run.code).toBe(1);
        expect(run.stderr.trim()).toBe(
          `tokenwise ledger: The ledger path ${path} is ${what}, not a regular file: set TOKENWISE_LEDGER_PATH to a file.`,
        );
        expect(Date.now() - started).toBeLessThan(10_000);
      }
    },
  );

  it('serve refuses calls beyond TOKENWISE_PROXY_PROCESS_BUDGET before they reach upstream', async () => {
    upstream.reset();
    const proxy = await serve({ TOKENWISE_PROXY_PROCESS_BUDGET: '$0' });
    try {
      const refused = await proxy.chat({ model: 'auto', messages: [{ role: 'user', content: 'Hello' }] });
      expect(refused.status).toBe(402);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('budget_exceeded');
      expect(chatCalls()).toHaveLength(0);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });

  it('prints help and the version, and rejects an unknown command with exit 2', async () => {
    const [help, version, unknown] = await Promise.all([
      tokenwise(['--help']),
      tokenwise(['--version']),
      tokenwise(['deploy']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('TokenWise');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(unknown.code).toBe(2);
  });

  it('mounts the cost-versus-success benchmark as `tokenwise bench` (dry run spends nothing)', async () => {
    const run = await tokenwise([
      'bench',
      'pareto',
      '--dry-run',
      '--json',
      '--models',
      'openai/gpt-4.1-mini',
      '--strategies',
      'cheapest',
    ]);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(JSON.stringify(plan)).toContain('openai/gpt-4.1-mini');
    expect(JSON.stringify(plan)).toContain('cheapest');
  });
});
