import { toDecimalString } from '@tokenwise/spec';
import type { TaskResult } from '../run/task-result.js';

/** The CSV columns, after the original's `strategy_results.csv` (plus `kind` and `calls`). */
export const CSV_COLUMNS = [
  'series',
  'kind',
  'task',
  'category',
  'success',
  'cost_usd',
  'model_used',
  'escalated',
  'calls',
  'latency_s',
  'budget_usd',
  'budget_violation',
  'error',
] as const;

/**
 * The results as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks
 * quoted). Money is written as exact decimal strings, never rounded floats.
 */
export function formatResultsCsv(results: readonly TaskResult[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const result of results) {
    lines.push(
      [
        result.series,
        result.seriesKind,
        result.taskId,
        result.category,
        String(result.success),
        toDecimalString(result.cost),
        result.modelUsed ?? '',
        String(result.escalated),
        String(result.calls),
        (result.latencyMs / 1000).toFixed(2),
        toDecimalString(result.budget),
        String(result.budgetViolation),
        result.error ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
