// The server binary as a process: refusal on a public host without keys, a clean SIGTERM shutdown, and a
// SIGTERM with a hung request in flight (issue #12 §4) against an upstream on loopback that never answers.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '@tokenwise/spec';
import { createOpenRouterMockUpstream, hangReply } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';

const main = new URL('./main.ts', import.meta.url).pathname;

function run(env: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), 'tokenwise-home-'));
  const child = spawn(process.execPath, ['--conditions=@tokenwise/source', '--import', 'tsx', main], {
    // A fresh HOME: no user config file or catalog cache is read or written.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'c'),
      XDG_CACHE_HOME: join(home, 'k'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr, home };
}

/** The JSON log lines written so far (the start-up line carries the address). */
function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function listening(proc: ReturnType<typeof run>): Promise<string> {
  for (;;) {
    const started = logLines(proc.out()).find((line) => line.msg === 'TokenWise starting');
    if (started) return started.listen as string;
    if (proc.child.exitCode !== null) throw new Error(`exited early: ${proc.err()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Each test spawns a Node process with tsx; on a loaded 2-core machine that can take many seconds.
describe('apps/proxy main', { timeout: 90_000 }, () => {
  it('refuses a non-loopback host without keys with one clear line and exit code 1', async () => {
    const proc = run({
      TOKENWISE_PROXY_HOST: '0.0.0.0',
      TOKENWISE_PROXY_PORT: '0',
      OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1',
    });
    expect(await proc.exited).toBe(1);
    const lines = proc.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tokenwise-proxy: Refusing to serve on 0\.0\.0\.0 without inbound keys/);
  });

  it('serves /health and exits 0 on SIGTERM', async () => {
    const proc = run({
      TOKENWISE_PROXY_PORT: '0',
      // Unreachable: the background catalog refresh fails fast and the bundled catalog stays.
      OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1',
    });
    const home = proc.home;
    const url = await listening(proc);
    const started = logLines(proc.out()).find((line) => line.msg === 'TokenWise starting')!;
    expect(started).toMatchObject({
      server: 'apps/proxy',
      ledgerStore: join(home, '.config', 'tokenwise', 'ledger.jsonl'),
    });
    // No provider key: one warning naming the variables (never a value).
    expect(
      logLines(proc.out()).some((line) => String(line.msg).startsWith('No provider API key is set')),
    ).toBe(true);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(logLines(proc.out()).map((line) => line.msg)).toContain('Stopping: draining in-flight requests');
  });

  it('SIGTERM with a hung request: exit 0 within drain + 2 s and the request is in the ledger', async () => {
    // chat completions never answer until the caller goes away; the mock logs when a call was closed early
    const upstream = createOpenRouterMockUpstream().setDefault(hangReply());
    const served = await upstream.listen();
    const calls = () => upstream.calls.filter((call) => call.path.endsWith('/chat/completions'));
    try {
      const proc = run({
        TOKENWISE_PROXY_PORT: '0',
        TOKENWISE_PROXY_DRAIN_SECONDS: '1',
        OPENROUTER_BASE_URL: `${served.url}/api/v1`,
        OPENROUTER_API_KEY: 'sk-or-test-key-123456',
      });
      const url = await listening(proc);
      const hung = fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }] }),
      }).then(
        (response) => response.status,
        () => 'cut',
      );
      while (calls().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const signalledAt = Date.now();
      proc.child.kill('SIGTERM');
      const code = await proc.exited;
      const tookMs = Date.now() - signalledAt;
      console.log(
        `apps/proxy exited ${tookMs} ms after SIGTERM (drain 1 s), stop took ${logLines(proc.out()).find((e) => e.msg === 'TokenWise stopped')?.stopMs} ms`,
      );
      expect(code).toBe(0);
      // Measured inside the process (spawn and exit of a loaded machine excluded): drain 1 s + at most 2 s.
      const stopped = logLines(proc.out()).find((entry) => entry.msg === 'TokenWise stopped');
      expect(stopped?.stopMs).toBeLessThan(3000);
      expect(stopped?.inFlight).toBe(0);
      expect(calls()[0]?.closedAt).toBeDefined();
      expect(await hung).not.toBe(200);
      // The proxy's records go to the calls file beside the task ledger.
      const ledger = await readFile(join(proc.home, '.config', 'tokenwise', 'ledger.calls.jsonl'), 'utf8');
      const records = ledger
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as CallRecord);
      expect(records.filter((r) => r.kind === 'request').map((r) => r.outcome)).toEqual(['cancelled']);
      expect(records.filter((r) => r.kind === 'attempt').map((r) => r.outcome)).toEqual(['cancelled']);
      // The request line of the log says the same, with its request id.
      const line = logLines(proc.out()).find((entry) => entry.msg === 'request');
      expect(line).toMatchObject({ outcome: 'cancelled', modelAsked: 'openai/gpt-4.1-mini' });
      expect(line?.requestId).toEqual(expect.any(String));
    } finally {
      await served.close();
    }
  });
});
