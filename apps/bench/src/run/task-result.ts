import type { PicoUsd } from '@tokenwise/spec';
import type { BenchSeries } from './bench-series.js';

/** The outcome of one task run by one series: one CSV row. */
export interface TaskResult {
  /** The series id (model id or `tokenwise:<strategy>`). */
  series: string;
  seriesKind: BenchSeries['kind'];
  taskId: string;
  category: string;
  /** The call returned AND the validator accepted the answer. */
  success: boolean;
  /** Everything the task cost, failed and escalated attempts included (exact). */
  cost: PicoUsd;
  /** The per-task ceiling. */
  budget: PicoUsd;
  /** The model whose answer was judged last (the one that passed, when one did). */
  modelUsed: string | undefined;
  /** More than one model was tried. */
  escalated: boolean;
  /** Calls made (attempts refused before sending are not counted). */
  calls: number;
  /** Wall-clock time of the whole task, every attempt included. */
  latencyMs: number;
  /** The task cost more than its budget (it never should: budgets reserve before every call). */
  budgetViolation: boolean;
  /** Why the task failed: the call's error or the validator's reason. */
  error?: string;
}
