// Start-up time of the built binary (`pnpm build` first): wall time of whole processes against a bare
// `node -e 0`, the cases interleaved run by run (so load from other processes hits all of them alike), min, p25
// and median. Prints figures; asserts nothing.
//
// The children get a minimal environment (PATH, an empty HOME, NO_COLOR), like a fresh user's shell. Note that
// NODE_EXTRA_CA_CERTS, when set, makes every Node process read and parse a certificate bundle before any
// JavaScript runs (~50 ms on the build machine): measure with and without it (`BENCH_KEEP_ENV=1`) to see it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const runs = Number(process.env.RUNS ?? 40);
const home = mkdtempSync(join(tmpdir(), 'tokenwise-startup-'));
// The bundled catalog is older than TOKENWISE_CACHE_TTL, so the first command tries the live one: a closed
// loopback port fails at once (never the internet), and the failure is remembered for a TTL, so the runs measure
// what an offline user sees from the second command on.
const offline = { OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1' };
const env =
  process.env.BENCH_KEEP_ENV === '1'
    ? { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1', ...offline }
    : { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1', ...offline };

const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['tokenwise --version', [bin, '--version']],
  [
    'tokenwise route',
    [bin, 'route', 'Debug this segfault', '--strategy', 'best_quality', '--budget', '0.05'],
  ],
  ['tokenwise models', [bin, 'models', '--limit', '5']],
  ['tokenwise route --json', [bin, 'route', 'Write a haiku about Python', '--json']],
];

const times = cases.map(() => []);
for (const [, args] of cases) spawnSync(process.execPath, args, { env, stdio: 'ignore' }); // warm the file cache
for (let run = 0; run < runs; run++) {
  cases.forEach(([name, args], index) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${name} exited with ${result.status}`);
    times[index].push(Number(process.hrtime.bigint() - start) / 1e6);
  });
}

const stats = times.map((list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const at = (q) => sorted[Math.floor(q * (sorted.length - 1))];
  return { min: sorted[0], p25: at(0.25), median: at(0.5) };
});
console.log(
  `start-up, ${runs} interleaved runs per case (load average ${loadavg()[0].toFixed(1)}; ` +
    `${process.env.BENCH_KEEP_ENV === '1' ? 'the full environment' : 'a minimal environment'}; target < 150 ms)`,
);
const ms = (value) => `${value.toFixed(0).padStart(5)} ms`;
cases.forEach(([name], index) => {
  const { min, p25, median } = stats[index];
  const over = index === 0 ? '' : `  (+${(median - stats[0].median).toFixed(0)} ms over node)`;
  console.log(`${name.padEnd(24)} median ${ms(median)}  p25 ${ms(p25)}  min ${ms(min)}${over}`);
});
rmSync(home, { recursive: true, force: true });
