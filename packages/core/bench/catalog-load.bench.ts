/** Catalog load time: parse of the bundled OpenRouter snapshot (~400 entries). Budget: ≤ 30 ms. */
import { createModelRegistry, loadBundledCatalog } from '../src/index.js';

/** Prints the first (cold) load and the median and p95 of 50 warm loads. */
export function run(): void {
  const cold = time(() => loadBundledCatalog());
  const samples = Array.from({ length: 50 }, () => time(() => loadBundledCatalog()));
  const registrySamples = Array.from({ length: 50 }, () => time(() => createModelRegistry()));
  const { models, skipped } = loadBundledCatalog();
  console.log(`entries parsed: ${models.length} models, ${skipped.length} skipped`);
  console.log(`first load (cold JIT): ${cold.toFixed(2)} ms`);
  console.log(
    `loadBundledCatalog median of 50: ${median(samples).toFixed(2)} ms (p95 ${p95(samples).toFixed(2)} ms; budget 30 ms)`,
  );
  console.log(`createModelRegistry median of 50: ${median(registrySamples).toFixed(2)} ms`);
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)]!;
}

if (import.meta.url === `file://${process.argv[1]}`) run();
