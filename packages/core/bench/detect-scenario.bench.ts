/**
 * Scenario-detection benchmark. Prints figures; asserts nothing. Runs on import:
 *
 *   cd packages/core && node --conditions=@tokenwise/source --import tsx bench/detect-scenario.bench.ts
 *
 * Times `detectScenario` per prompt (p50/p99 in µs after a warm-up) over the shared dev set (when present at
 * `../shared/data` next to the repository) and this package's labelled sets, then prints the primary-capability
 * accuracy per set and class.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectScenario } from '../src/scenario/index.js';

interface Labelled {
  prompt: string;
  capability: string;
}

const ROUNDS = 30;
const here = dirname(fileURLToPath(import.meta.url));

function repoRoot(): string {
  let dir = here;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(here, '..', '..', '..');
    dir = parent;
  }
  return dir;
}

function load(path: string): Labelled[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Labelled);
}

const sets: Array<[string, string]> = [
  ['dev', join(repoRoot(), '..', 'shared', 'data', 'scenario-dev.jsonl')],
  ['general', join(here, '..', 'test-data', 'general-prompts.jsonl')],
  ['extra', join(here, '..', 'test-data', 'scenario-extra.jsonl')],
  ['blind', join(here, '..', 'test-data', 'scenario-blind.jsonl')],
  ['holdout', join(here, '..', 'test-data', 'scenario-holdout.jsonl')],
  ['fresh', join(here, '..', 'test-data', 'scenario-fresh.jsonl')],
  ['fresh2', join(here, '..', 'test-data', 'scenario-fresh2.jsonl')],
  ['fresh3', join(here, '..', 'test-data', 'scenario-fresh3.jsonl')],
  ['fresh4', join(here, '..', 'test-data', 'scenario-fresh4.jsonl')],
  ['fresh5', join(here, '..', 'test-data', 'scenario-fresh5.jsonl')],
];

const all: Labelled[] = [];
console.log('accuracy (primary capability; general = none detected)');
for (const [name, path] of sets) {
  if (!existsSync(path)) {
    console.log(`  ${name.padEnd(8)} skipped: ${path} is absent`);
    continue;
  }
  const rows = load(path);
  all.push(...rows);
  const perClass = new Map<string, { correct: number; total: number }>();
  let correct = 0;
  for (const row of rows) {
    const got = detectScenario(row.prompt).capabilities[0] ?? 'general';
    const entry = perClass.get(row.capability) ?? { correct: 0, total: 0 };
    entry.total += 1;
    if (got === row.capability) {
      entry.correct += 1;
      correct += 1;
    }
    perClass.set(row.capability, entry);
  }
  const classes = [...perClass]
    .map(([label, e]) => `${label} ${((100 * e.correct) / e.total).toFixed(1)}% (${e.correct}/${e.total})`)
    .join('  ');
  console.log(
    `  ${name.padEnd(8)} ${((100 * correct) / rows.length).toFixed(1).padStart(5)}% of ${rows.length}   ${classes}`,
  );
}

// Warm up, then time each prompt ROUNDS times.
for (const row of all) detectScenario(row.prompt);
const samples: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  for (const row of all) {
    const start = process.hrtime.bigint();
    detectScenario(row.prompt);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
console.log(
  `latency over ${all.length} prompts x ${ROUNDS}: p50 ${pct(50).toFixed(1)} µs, p90 ${pct(90).toFixed(1)} µs, p99 ${pct(99).toFixed(1)} µs, max ${samples[samples.length - 1]!.toFixed(1)} µs`,
);

const long = `Please review:\n${'function add(a, b) {\n  return a + b;\n}\n'.repeat(25_000)}`;
const start = process.hrtime.bigint();
detectScenario(long);
console.log(
  `one ${(long.length / 1e6).toFixed(1)} MB prompt: ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(2)} ms`,
);
