import type { BudgetedCallOptions, CallCandidate } from './budgeted-call-options.js';
import { createCallEngine } from './call-engine.js';
import type { EngineStreamResult } from './engine-types.js';
import { engineOptions } from './generate-with-failover.js';

/** A budget-safe stream: read it to the end or cancel it, so its reservation is settled. */
export type BudgetedStreamResult = EngineStreamResult;

/** Options of {@link streamWithFailover}. */
export interface StreamWithFailoverOptions extends BudgetedCallOptions {
  candidates: readonly CallCandidate[];
}

/**
 * A budget-safe `doStream` over candidates in order: the call engine with a fixed candidate list. Parts before
 * the first content are held back, so an error up to that point fails over invisibly; after it, a break becomes
 * an `error` part and a `finish` part. The stream settles exactly once (finish, break, cancel, abort, or the
 * output guard's cut).
 * @throws the last error when no candidate produced content or a finish part.
 */
export function streamWithFailover(options: StreamWithFailoverOptions): Promise<BudgetedStreamResult> {
  return createCallEngine(engineOptions(options)).stream({
    options: options.options,
    candidates: options.candidates,
    budget: options.budget,
    // Unset: the engine's default reason.
    reason: options.reason,
  });
}
