/**
 * Catalog load time. Budget: ≤ 30 ms. The bundled catalog ships parsed, so loading it is the `JSON.parse` of
 * `bundled-models.json` done when the module is imported (timed here on its text); parsing the raw OpenRouter
 * snapshot (~400 entries) is what a live refresh, or a cache written by another parser, still costs.
 */
import { readFileSync } from 'node:fs';
import snapshot from '../src/catalog/bundled-catalog.json' with { type: 'json' };
import { createModelRegistry, loadBundledCatalog, parseOpenRouterModels } from '../src/index.js';

/** Prints the median and p95 of 50 runs of each step. */
export function run(): void {
  const text = readFileSync(new URL('../src/catalog/bundled-models.json', import.meta.url), 'utf8');
  const { models, skipped } = loadBundledCatalog();
  console.log(`bundled catalog: ${models.length} models, ${skipped.length} skipped`);
  report('bundled (pre-parsed): JSON.parse of bundled-models.json', () => JSON.parse(text));
  report('raw snapshot through parseOpenRouterModels', () => parseOpenRouterModels(snapshot));
  report('createModelRegistry (bundled)', () => createModelRegistry());
}

function report(name: string, fn: () => unknown): void {
  const cold = time(fn);
  const samples = Array.from({ length: 50 }, () => time(fn)).sort((a, b) => a - b);
  const median = samples[25]!;
  const p95 = samples[Math.floor(samples.length * 0.95)]!;
  console.log(
    `${name}: first ${cold.toFixed(2)} ms, median of 50 ${median.toFixed(2)} ms (p95 ${p95.toFixed(2)} ms; budget 30 ms)`,
  );
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

if (import.meta.url === `file://${process.argv[1]}`) run();
