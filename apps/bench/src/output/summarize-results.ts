import type { PicoUsd } from '@tokenwise/spec';
import type { TaskResult } from '../run/task-result.js';

/** The figures of one series over all its tasks: one point of the chart, one line of the summary. */
export interface SeriesSummary {
  series: string;
  kind: TaskResult['seriesKind'];
  tasks: number;
  successes: number;
  /** successes / tasks, from 0 to 1. */
  successRate: number;
  /** Exact total spend of the series. */
  totalCost: PicoUsd;
  /** Exact average cost per task (rounded down to the pico-dollar). */
  avgCost: PicoUsd;
  avgLatencyMs: number;
  /** Tasks where more than one model was tried. */
  escalated: number;
  /** Tasks that cost more than the per-task budget (should always be 0). */
  budgetViolations: number;
  /**
   * No other series is at least as cheap and at least as successful, and strictly better in one of the two; a
   * series with no success at all is never on it (a run where nothing succeeded has no frontier).
   */
  onFrontier: boolean;
  /** Successes by category: `{ reasoning: { tasks: 4, successes: 3 } }`. */
  byCategory: Record<string, { tasks: number; successes: number }>;
}

/** Summarises results per series (in first-seen order) and marks the Pareto frontier of cost against success. */
export function summarizeResults(results: readonly TaskResult[]): SeriesSummary[] {
  const groups = new Map<string, TaskResult[]>();
  for (const result of results) {
    const group = groups.get(result.series);
    if (group) group.push(result);
    else groups.set(result.series, [result]);
  }
  const summaries: SeriesSummary[] = [...groups.entries()].map(([series, rows]) => {
    const totalCost = rows.reduce((sum, row) => sum + row.cost, 0n);
    const successes = rows.filter((row) => row.success).length;
    const byCategory: SeriesSummary['byCategory'] = {};
    for (const row of rows) {
      const entry = byCategory[row.category] ?? { tasks: 0, successes: 0 };
      byCategory[row.category] = entry;
      entry.tasks++;
      if (row.success) entry.successes++;
    }
    return {
      series,
      kind: rows[0]!.seriesKind,
      tasks: rows.length,
      successes,
      successRate: successes / rows.length,
      totalCost,
      avgCost: totalCost / BigInt(rows.length),
      avgLatencyMs: rows.reduce((sum, row) => sum + row.latencyMs, 0) / rows.length,
      escalated: rows.filter((row) => row.escalated).length,
      budgetViolations: rows.filter((row) => row.budgetViolation).length,
      onFrontier: false,
      byCategory,
    };
  });
  // a series that never succeeded is no option, however cheap: it is never on the frontier
  for (const summary of summaries) {
    summary.onFrontier = summary.successes > 0 && !summaries.some((other) => dominates(other, summary));
  }
  return summaries;
}

/** `a` dominates `b`: no more expensive, no less successful, and strictly better in at least one. */
export function dominates(
  a: Pick<SeriesSummary, 'avgCost' | 'successRate'>,
  b: Pick<SeriesSummary, 'avgCost' | 'successRate'>,
): boolean {
  return (
    a.avgCost <= b.avgCost &&
    a.successRate >= b.successRate &&
    (a.avgCost < b.avgCost || a.successRate > b.successRate)
  );
}
