import type { Complexity, Strategy } from '@tokenwise/spec';
import type { ModelTable } from './model-table.js';

/** What a strategy sees of one route call. Candidates are indexes into `table`. */
export interface StrategyContext {
  readonly table: ModelTable;
  readonly complexity: Complexity;
}

/**
 * A routing strategy: a total preference between two candidates that both passed every filter (capability,
 * context window, price policy, budget). The router keeps the preferred one of each pair in list order, so a
 * strategy must say `false` on ties to keep the earlier model (catalog order decides ties, as in the original).
 */
export interface RouteStrategy {
  readonly name: Strategy;
  /** One line describing the rule, for explanations. */
  readonly description: string;
  /** True when `candidate` should replace `incumbent`. */
  prefers(candidate: number, incumbent: number, context: StrategyContext): boolean;
}
