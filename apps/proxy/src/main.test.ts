// The server binary as a process: refusal on a public host without keys, and a clean SIGTERM shutdown.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('apps/proxy main', () => {
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
    while (!/listening on (http:\/\/\S+)/.test(proc.out())) {
      if (proc.child.exitCode !== null) throw new Error(`exited early: ${proc.err()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const url = /listening on (http:\/\/\S+)/.exec(proc.out())![1]!;
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.out()).toContain('SIGTERM received');
    expect(proc.out()).toContain(join(home, 'c', 'tokenwise', 'ledger.jsonl'));
  });
});
