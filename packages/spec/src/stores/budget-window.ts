import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { BudgetPeriod } from './budget-store.js';

const DAY_MS = 86_400_000;
const FIXED_MS: Record<'1d' | '7d' | '30d', number> = { '1d': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS };

/** The periods a budget scope may have, for validation of user input. */
export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['1d', '7d', '30d', 'month', 'none'];

/** One window of a periodic budget, in epoch milliseconds (`end` exclusive); `none` has one window forever. */
export interface BudgetWindow {
  /** 0 for `none`. */
  startMs: number;
  /** `undefined` for `none`. */
  endMs: number | undefined;
}

/**
 * The window of `period` that contains `nowMs`, in UTC: `1d`/`7d`/`30d` windows are aligned to the Unix epoch
 * (so every replica and the database compute the same boundaries without agreeing on a start), `month` is the
 * calendar month. Every store computes windows the same way; the PostgreSQL store does it in SQL with the same rule.
 */
export function budgetWindow(period: BudgetPeriod, nowMs: number): BudgetWindow {
  if (period === 'none') return { startMs: 0, endMs: undefined };
  if (period === 'month') {
    const now = new Date(nowMs);
    const startMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const endMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    return { startMs, endMs };
  }
  if (!Object.hasOwn(FIXED_MS, period)) throw invalidPeriod(String(period));
  const length = FIXED_MS[period];
  const startMs = nowMs - (((nowMs % length) + length) % length);
  return { startMs, endMs: startMs + length };
}

/** Reads a period from user input (`1d`, `7d`, `30d`, `month`, `none`). */
export function parseBudgetPeriod(value: string): BudgetPeriod {
  if ((BUDGET_PERIODS as readonly string[]).includes(value)) return value as BudgetPeriod;
  throw invalidPeriod(value);
}

function invalidPeriod(value: string): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: 'period',
    message: `Invalid budget period "${value}": expected one of ${BUDGET_PERIODS.join(', ')}.`,
  });
}
