import { formatUsd } from '@tokenwise/spec';
import type { SeriesSummary } from './summarize-results.js';

/**
 * The summary as an aligned text table, cheapest series first: success, average and total cost, average
 * latency, escalations, budget violations and whether the series is on the Pareto frontier.
 */
export function formatSummaryTable(summaries: readonly SeriesSummary[]): string {
  const sorted = [...summaries].sort((a, b) =>
    a.avgCost < b.avgCost ? -1 : a.avgCost > b.avgCost ? 1 : b.successRate - a.successRate,
  );
  const header = [
    'series',
    'success',
    'avg cost/task',
    'total cost',
    'avg latency',
    'escalated',
    'over budget',
    'frontier',
  ];
  const rows = sorted.map((summary) => [
    summary.series,
    `${summary.successes}/${summary.tasks} (${Math.round(summary.successRate * 100)}%)`,
    formatUsd(summary.avgCost, 6),
    formatUsd(summary.totalCost, 6),
    `${(summary.avgLatencyMs / 1000).toFixed(2)} s`,
    String(summary.escalated),
    String(summary.budgetViolations),
    summary.onFrontier ? 'yes' : '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
