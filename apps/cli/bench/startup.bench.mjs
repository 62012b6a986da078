// Start-up time of the built binary (`pnpm exec tsup` first): wall time of whole processes, compared with a bare
// `node -e 0`, sequential runs, median and min. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const runs = Number(process.env.RUNS ?? 20);
const home = mkdtempSync(join(tmpdir(), 'tokenwise-startup-'));
const env = { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' };

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

function measure(args) {
  spawnSync(process.execPath, args, { env, stdio: 'ignore' }); // warm the file cache
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { min: times[0], median: times[Math.floor(times.length / 2)] };
}

console.log(
  `start-up, ${runs} sequential runs each (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`,
);
const baseline = measure(cases[0][1]);
for (const [name, args] of cases) {
  const { min, median } = name.startsWith('node') ? baseline : measure(args);
  const over = name.startsWith('node') ? '' : `  (+${(median - baseline.median).toFixed(0)} ms over node)`;
  console.log(
    `${name.padEnd(24)} median ${median.toFixed(0).padStart(5)} ms  min ${min.toFixed(0).padStart(5)} ms${over}`,
  );
}
rmSync(home, { recursive: true, force: true });
