// Issue #17.7: the original Python TokenWise must read the ledger our proxy and `plan --execute` wrote as its
// own: only real tasks count, with their true spend. Its reader is modelled from its documented behaviour
// (`summarizeOriginalLedger`); task lines are also put through python3's json module when it is installed.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '@tokenwise/cli';
import { loadConfig } from '@tokenwise/core';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { toUsdNumber } from '@tokenwise/spec';
import {
  createOpenRouterMockUpstream,
  type ListeningUpstream,
  openaiError,
  openaiText,
  summarizeOriginalLedger,
} from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppDeps } from './create-app-deps.js';
import { composeProxyServer } from './proxy/compose-proxy-server.js';
import { serveProxy } from './proxy/serve-proxy.js';

const KEY = 'sk-or-test-key-123456';
let dir: string;
const upstream = createOpenRouterMockUpstream();
let server: ListeningUpstream;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenwise-ledger-parity-'));
  server = await upstream.listen();
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(env: Record<string, string>) {
  const out: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: () => {},
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
      OPENROUTER_API_KEY: KEY,
      ...env,
    },
    io,
    version: '1.2.3',
  });
  return async (...args: string[]) => {
    out.length = 0;
    const code = await runCli(deps, args);
    return { code, stdout: out.join('') };
  };
}

function python3(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const PLAN = [
  { description: 'Outline the report', capability: 'general', depends_on: [] },
  { description: 'Write the report', capability: 'general', depends_on: [0] },
];

describe('a ledger written by the proxy and plan --execute', { timeout: 120_000 }, () => {
  it('reads in the original as exactly its tasks and their spend; ours reads everything, exactly', async () => {
    const path = join(dir, 'ledger.jsonl');
    const env = { TOKENWISE_LEDGER_PATH: path, TOKENWISE_ESCALATION_POLICY: 'monotonic' };

    // Proxy traffic: three requests, one of them failing (an explicit model's upstream 503 is the answer).
    const settings = loadConfig({
      env: {
        OPENROUTER_API_KEY: KEY,
        OPENROUTER_BASE_URL: `${server.url}/api/v1`,
        TOKENWISE_PROXY_DRAIN_SECONDS: '0',
        ...env,
      },
    });
    const composed = await composeProxyServer(settings, {
      server: 'test',
      version: '1.2.3',
      env: { OPENROUTER_API_KEY: KEY },
      host: '127.0.0.1',
      logDestination: { write: () => {} },
    });
    const running = await serveProxy(composed, { host: '127.0.0.1', port: 0 });
    try {
      upstream.reset();
      for (const model of ['auto', 'openai/gpt-4.1-mini', 'auto']) {
        if (model === 'openai/gpt-4.1-mini') upstream.enqueue(openaiError(503, 'overloaded'));
        const response = await fetch(`${running.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello there' }] }),
        });
        await response.text();
      }
    } finally {
      await running.close();
    }

    // Then a plan run, through the CLI.
    upstream.reset();
    upstream.enqueue(openaiText(JSON.stringify(PLAN), { usage: { inputTokens: 400, outputTokens: 120 } }));
    const tokenwise = cli(env);
    const plan = await tokenwise('plan', 'Write a short report', '--execute', '--budget', '0.50', '--json');
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout);

    const taskText = await readFile(path, 'utf8');
    const callsText = await readFile(join(dir, 'ledger.calls.jsonl'), 'utf8');
    const taskLines = taskText.trimEnd().split('\n');
    const callLines = callsText.trimEnd().split('\n');
    expect(taskLines).toHaveLength(1);
    expect(callLines).toHaveLength(6); // 3 request roll-ups and their 3 attempts

    // The original's reader: one task, its spend; nothing from the proxy.
    const original = summarizeOriginalLedger(taskText);
    expect(original).toEqual({
      total_spend: planned.result.totalCost,
      total_wasted: 0,
      total_planner_spend: planned.plannerCost,
      num_tasks: 1,
      num_succeeded: 1,
      num_failed: 0,
    });
    expect(original.total_spend).toBeGreaterThan(0);
    // What it showed before the calls moved to their own file: every proxy line a $0 task.
    expect(summarizeOriginalLedger(taskText + callsText)).toMatchObject({
      num_tasks: 1 + callLines.length,
      total_spend: planned.result.totalCost,
    });

    // The task line in the original's own shape.
    const task = JSON.parse(taskLines[0]!);
    expect(Object.keys(task).slice(0, 9)).toEqual([
      'timestamp',
      'task',
      'budget',
      'success',
      'total_cost',
      'planner_cost',
      'wasted_cost',
      'entries',
      'routing_trace',
    ]);
    expect(task.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(taskLines[0]).toContain('"budget": 0.5, "success": true, ');
    expect(Object.keys(task.entries[0])).toEqual(
      expect.arrayContaining(['reason', 'model_id', 'input_tokens', 'output_tokens', 'cost', 'success']),
    );
    expect(Object.keys(task.routing_trace).slice(0, 11)).toEqual([
      'request_id',
      'initial_model',
      'initial_tier',
      'escalation_policy',
      'escalations',
      'final_model',
      'final_tier',
      'termination_state',
      'budget_used',
      'budget_remaining',
      'trace_level',
    ]);
    expect(task.routing_trace).toMatchObject({
      escalation_policy: 'monotonic',
      termination_state: 'completed',
      trace_level: 'basic',
      budget_used: planned.result.totalCost,
    });
    expect(task.routing_trace.request_id).toMatch(/^[0-9a-f]{12}$/);
    if (python3()) {
      const again = execFileSync(
        'python3',
        ['-c', 'import json,sys; print(json.dumps(json.loads(sys.stdin.read())))'],
        {
          input: taskLines[0],
          encoding: 'utf8',
        },
      );
      expect(again).toBe(`${taskLines[0]}\n`);
    } else console.log('python3 is not installed: the byte-for-byte check of the task line was skipped.');

    // Ours: the task and every proxy request, the total exact and equal to what the store sums.
    const summary = JSON.parse((await tokenwise('ledger', '--summary', '--json')).stdout);
    const exact = await createJsonlLedgerStore({ path }).summary();
    expect(summary).toMatchObject({ numTasks: 1, numSucceeded: 1, numRequests: 3 });
    expect(summary.totalSpend).toBe(toUsdNumber(exact.totalSpend));
    expect(exact.totalSpend).toBeGreaterThan(0n);
    const history = JSON.parse((await tokenwise('ledger', '-n', '0', '--json')).stdout) as { kind: string }[];
    expect(history).toHaveLength(1 + callLines.length);
    expect(history.filter((record) => record.kind === 'task')).toHaveLength(1);
  });
});
