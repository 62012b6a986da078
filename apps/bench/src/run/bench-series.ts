import type { Strategy } from '@tokenwise/spec';

/** A TokenWise strategy the benchmark can run: a router strategy, or escalation on validator failure. */
export type BenchStrategy = Strategy | 'escalation';

/** Every benchmark strategy, in the order the summary lists them. */
export const BENCH_STRATEGIES: readonly BenchStrategy[] = [
  'cheapest',
  'balanced',
  'best_quality',
  'escalation',
];

/**
 * One line of the comparison: a model called directly, or a TokenWise strategy that picks models per task.
 * `id` is what the CSV, the summary and the chart show (`openai/gpt-4.1-mini`, `tokenwise:escalation`).
 */
export type BenchSeries =
  | { kind: 'model'; id: string; modelId: string }
  | { kind: 'strategy'; id: string; strategy: BenchStrategy };

/** The series of a model id. */
export function modelSeries(modelId: string): BenchSeries {
  return { kind: 'model', id: modelId, modelId };
}

/** The series of a strategy, labelled `tokenwise:<strategy>`. */
export function strategySeries(strategy: BenchStrategy): BenchSeries {
  return { kind: 'strategy', id: `tokenwise:${strategy}`, strategy };
}
