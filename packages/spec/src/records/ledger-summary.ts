import type { PicoUsd } from '../money/index.js';

/** Spend and call counts of one slice of the ledger (a model, a day or a source). */
export interface SpendBreakdown {
  /** Exact spend. */
  spend: PicoUsd;
  /** Exact spend on failed calls. */
  wasted: PicoUsd;
  /** LLM attempts. */
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Ledger totals. The first six figures are the original's (`total_spend`, `total_wasted`,
 * `total_planner_spend`, `num_tasks`, `num_succeeded`, `num_failed`; the counts are of task records).
 * Spend counts task records' totals and attempt records; request records are roll-ups of attempts recorded on
 * their own and add to the request counts only. The breakdowns each add up to `totalSpend` exactly.
 */
export interface LedgerSummary {
  totalSpend: PicoUsd;
  totalWasted: PicoUsd;
  totalPlannerSpend: PicoUsd;
  numTasks: number;
  numSucceeded: number;
  numFailed: number;
  /** Request records (proxy requests, grouped library calls). */
  numRequests: number;
  numRequestsFailed: number;
  /** LLM attempts: task entries plus attempt records. */
  numCalls: number;
  /**
   * Attempts whose cost is unknown (`costSource: 'unpriced'`: a model without a price, no vendor-reported cost);
   * what they cost is not in the totals.
   */
  numUnpricedCalls: number;
  /** By model id. Task spend not attributable to an entry (e.g. the original's planner cost) is under `(unattributed)`. */
  byModel: Record<string, SpendBreakdown>;
  /** By UTC day, `YYYY-MM-DD` (`unknown` for a missing or unreadable timestamp). */
  byDay: Record<string, SpendBreakdown>;
  /** By source; records without one (the original's) are under `cli`, the only writer the original had. */
  bySource: Record<string, SpendBreakdown>;
  /** Lines skipped because they were torn or invalid (set by file stores). */
  skippedLines: number;
}
