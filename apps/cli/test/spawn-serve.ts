import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeLedgerRecord } from '@tokenwise/ledger';
import { callsLedgerPath } from '@tokenwise/ledger/node';
import type { CallRecord } from '@tokenwise/spec';

/** The BUILT binary (`pnpm test` builds first; locally run `pnpm turbo run build --filter tokenwise...`). */
export const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Throws the one-line instruction when the binary was not built. */
export function assertBuilt(): void {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run \`pnpm turbo run build --filter tokenwise...\` first.`);
}

/** A `tokenwise serve --json` child process on a free loopback port. */
export interface ServedProxy {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** The JSON log lines written so far on either stream (pino), in order per stream. */
  logLines(): Record<string, unknown>[];
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  /** Resident memory of the process now, from `/proc/<pid>/status` (Linux), in KiB. */
  rssKiB(): Promise<number>;
  /** Sends SIGINT (or `signal`) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `tokenwise serve --json` with a clean environment (nothing from the developer's shell: keys, DEBUG…),
 * HOME under `home`, OpenRouter pointed at `upstreamUrl` with a test key, and `env` on top; resolves once the
 * start-up document with the address was printed.
 */
export async function spawnServe(options: {
  home: string;
  upstreamUrl: string;
  ledgerPath: string;
  env?: Record<string, string>;
}): Promise<ServedProxy> {
  const { home, upstreamUrl, ledgerPath, env = {} } = options;
  const child = spawn(process.execPath, [BIN, 'serve', '--json'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      TOKENWISE_LEDGER_PATH: ledgerPath,
      TOKENWISE_PROXY_PORT: '0',
      OPENROUTER_BASE_URL: `${upstreamUrl}/api/v1`,
      OPENROUTER_API_KEY: TEST_UPSTREAM_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // The address document is the first thing on stdout; JSON log lines may follow it.
  let url: string | undefined;
  while (url === undefined) {
    await sleep(20);
    if (child.exitCode !== null) throw new Error(`serve exited early with ${child.exitCode}: ${stderr}`);
    const first = jsonLines(stdout).find((line) => typeof line.url === 'string');
    url = first?.url as string | undefined;
  }
  return {
    child,
    url,
    port: Number(new URL(url).port),
    stdout: () => stdout,
    stderr: () => stderr,
    logLines: () => [...jsonLines(stdout), ...jsonLines(stderr)],
    exited,
    async rssKiB() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    },
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The OpenRouter key the child gets: tests assert it never appears in a log line or the ledger. */
export const TEST_UPSTREAM_KEY = 'sk-or-test-key-123456';

/** The lines of `text` that are JSON objects (the multi-line start-up document is joined first). */
function jsonLines(text: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (pending === '' && !line.startsWith('{')) continue;
    pending += `${line}\n`;
    try {
      lines.push(JSON.parse(pending) as Record<string, unknown>);
      pending = '';
    } catch {
      // an unfinished multi-line document: read on
    }
  }
  return lines;
}

/**
 * The call records of a JSONL ledger, decoded as the ledger reads them ([] while there are none): they are in the
 * calls file beside the task ledger at `path` (`ledger.calls.jsonl`), which the Python original never reads.
 */
export async function ledgerRecords(path: string): Promise<CallRecord[]> {
  const text = await ledgerText(path);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => decodeLedgerRecord(JSON.parse(line)) as CallRecord);
}

/** Everything written to a JSONL ledger: the task file and the calls file beside it ('' while neither exists). */
export async function ledgerText(path: string): Promise<string> {
  const read = (file: string) => readFile(file, 'utf8').catch(() => '');
  return `${await read(path)}${await read(callsLedgerPath(path))}`;
}

/** Polls `check` every 10 ms until it holds; throws after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  for (let waited = 0; !(await check()); waited += 10) {
    if (waited > ms) throw new Error('condition not met in time');
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw HTTP answer. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request from node:http, so every header (Host, Origin, Content-Type) goes out exactly as given — `fetch`
 * would add or forbid some.
 */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The `data:` payloads of an SSE body, with the `event:` name when there is one. */
export function sseEvents(body: string): { event?: string; data: string }[] {
  return body
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines
        .find((line) => line.startsWith('event:'))
        ?.slice(6)
        .trim();
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      return event === undefined ? { data } : { event, data };
    });
}
