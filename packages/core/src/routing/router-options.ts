import type {
  Capability,
  Message,
  ModelInfo,
  PicoUsd,
  RouteDecision,
  Scenario,
  Strategy,
  Tier,
} from '@tokenwise/spec';
import type { RiskGateConfig } from '../risk/evaluate-risk.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import type { RouteStrategy } from './route-strategy.js';

/** Where the router gets its models: a list, or anything with `models()` (the registry). */
export type ModelSource = readonly ModelInfo[] | { models(): readonly ModelInfo[] };

/** Options of `createRouter`. */
export interface RouterOptions {
  models: ModelSource;
  /** Strategy when a route call names none (default `balanced`, as in the original). */
  defaultStrategy?: Strategy;
  /** A model fits a budget only if the budget pays input + this many output tokens (default 100). */
  minOutputTokens?: number;
  /** Loaded tokenizers for exact OpenAI counts (see `loadTokenizer`); other counts are estimated. */
  tokenizers?: readonly Tokenizer[];
  /** Scenario detection used when a route call passes no `scenario` (default: core's `detectScenario`). */
  detectScenario?: (input: string | readonly Message[]) => Scenario;
  /** Risk gate applied before every route (off unless `enabled`). */
  riskGate?: RiskGateConfig;
}

/** Options of one {@link Router.route} call. */
export interface RouteOptions {
  strategy?: Strategy | RouteStrategy;
  /** Hard ceiling in USD (number or decimal string) or pico-USD (bigint). */
  budget?: PicoUsd | number | string;
  /** Needed capability; overrides the detected one. `general` is satisfied by every model. */
  capability?: Capability;
  /** Default true: fail with `NoRouteError` when nothing fits the budget. False: best effort, over budget. */
  budgetStrict?: boolean;
  /** Consider free models (`:free` ids, zero prices), which are usually rate-limited. Default false. */
  allowFree?: boolean;
  /** Consider `:batch` variants (asynchronous batch endpoints, unsuitable for live calls). Default false. */
  allowBatch?: boolean;
  /** Consider models without a known price. Never under a budget: an unknown price cannot be held to one. */
  allowUnpriced?: boolean;
  /** The caller's `max_tokens`; the expected output then is this, not the complexity default. */
  maxOutputTokens?: number;
  /** A scenario detected earlier; skips detection. */
  scenario?: Scenario;
  /** Model ids never to choose (e.g. ones that just failed). */
  exclude?: readonly string[];
  /** Lowest acceptable tier. */
  minTier?: Tier;
  /** Build `rejected` eagerly (default: computed on first access). */
  explain?: boolean;
  /** Overrides the router's risk gate for this call. */
  riskGate?: RiskGateConfig;
}

/** A budget-aware router over a model list. */
export interface Router {
  /**
   * Chooses a model for `input`.
   *
   * Filters, in order: excluded ids, required capabilities, `minTier`, free models (unless `allowFree`), unpriced
   * models (unless `allowUnpriced` and no budget), context window (counted input + expected output must fit),
   * then the budget. **Budget fit:** a budget is a ceiling, and the call's `max_tokens` will be clamped to what
   * the budget pays for (see `maxAffordableOutputTokens`), so a model fits when its *expected* cost (counted
   * input + expected output + per-request fee) is within the budget **and** the budget pays input +
   * `minOutputTokens` of output. Judging on the full worst case instead would reject almost every model with a
   * large output limit even though the clamp makes the worst case affordable. `worstCaseCost` in the decision
   * is the clamped reservation, so it never exceeds the budget when `withinBudget` is true (a best-effort
   * decision, `withinBudget: false`, reports the unclamped worst case: the model's output limit).
   * Equality passes: a model whose cost equals the budget exactly fits; one pico-dollar more does not.
   *
   * @throws InvalidArgumentError for an unknown strategy, a bad budget or an empty prompt.
   * @throws NoRouteError when no model qualifies, or none fits the budget with `budgetStrict` (the default).
   * @throws RiskGateBlockedError when the enabled risk gate blocks the prompt.
   */
  route(input: string | readonly Message[], options?: RouteOptions): RouteDecision;
}
