// Shared pieces of `pnpm bench:proxy`: child processes for the systems under test, exact sequential timing on
// one keep-alive connection, autocannon load, percentiles.
import { type ChildProcess, fork } from 'node:child_process';
import { type Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';

const execArgv = ['--conditions=@tokenwise/source', '--import', 'tsx'];

/** Forks a bench script (sources through tsx) and resolves with its first IPC message (its ports). */
export function start<T>(
  script: string,
  args: string[],
  extraArgv: string[] = [],
): Promise<{ child: ChildProcess; info: T }> {
  const child = fork(new URL(script, import.meta.url), args, { execArgv: [...execArgv, ...extraArgv] });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as T }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Sends `{ type }` to a child and resolves with its answer of the same type. */
export function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

/** Sends `count` sequential requests on one keep-alive connection, timing each with hrtime (sub-ms exact). */
export async function sequential(
  agent: Agent,
  url: URL,
  count: number,
  samples: number[],
  body: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = httpRequest(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...headers,
          },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
          res.resume();
          res.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < count; i++) samples.push(await once());
}

/** The `q` quantile of sorted samples. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** The median of unsorted samples. */
export function median(samples: number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}

/** Loads `url` with autocannon for `seconds`; warns about failed requests. */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  body: string,
  headers: Record<string, string> = {},
) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: seconds,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) console.warn(`  ! ${url}: ${failed} failed requests of ${result.requests.total}`);
  return { total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99 };
}
