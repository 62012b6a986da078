import {
  CAPABILITIES,
  type Capability,
  formatUsd,
  InvalidArgumentError,
  type Message,
  type ModelInfo,
  NoRouteError,
  type PicoUsd,
  type RejectedCandidate,
  type RouteDecision,
  type Scenario,
  type Strategy,
  TIERS,
  type Tier,
  tierRank,
} from '@tokenwise/spec';
import { DEFAULT_MIN_OUTPUT_TOKENS } from '../pricing/default-limits.js';
import { maxAffordableOutputTokens } from '../pricing/max-affordable-output-tokens.js';
import { costOf } from '../pricing/model-cost.js';
import { assertRiskAcceptable } from '../risk/assert-risk-acceptable.js';
import type { RiskGateConfig } from '../risk/evaluate-risk.js';
import { detectScenario } from '../scenario/index.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { EXPECTED_OUTPUT_TOKENS } from '../tokens/estimate-output-tokens.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import {
  createModelTable,
  FAMILY_CL100K,
  FAMILY_ESTIMATE,
  FAMILY_O200K,
  type ModelTable,
  requiredMaskOf,
} from './model-table.js';
import { parseBudget } from './parse-budget.js';
import { hasPromptContent, lastUserText, promptHasImages } from './prompt-text.js';
import { requiredCapabilities } from './required-capabilities.js';
import { resolveStrategy } from './resolve-strategy.js';
import type { RouteStrategy, StrategyContext } from './route-strategy.js';

/** Where the router gets its models: a list, or anything with `models()` (the registry). */
export type ModelSource = readonly ModelInfo[] | { models(): readonly ModelInfo[] };

/** Options of {@link createRouter}. */
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

// Screening outcomes; PASS means the model is a candidate.
const PASS = 0;
const EXCLUDED = 1;
const MISSING_CAPABILITY = 2;
const BELOW_TIER = 3;
const FREE_EXCLUDED = 4;
const UNPRICED = 5;
const CONTEXT_TOO_SMALL = 6;
const OVER_BUDGET = 7;
const BATCH_EXCLUDED = 8;

/** Everything one route call screens with; captured by the lazy `rejected` list. */
interface Call {
  table: ModelTable;
  requiredMask: number;
  required: readonly Capability[];
  minTierRank: number;
  allowFree: boolean;
  allowBatch: boolean;
  allowUnpriced: boolean;
  budget: PicoUsd | undefined;
  /** `budget` as a float; exact whenever a fast-path comparison uses it (see `screen`). */
  budgetNumber: number;
  /** Input tokens by family, indexed by `FAMILY_ESTIMATE`, `FAMILY_O200K`, `FAMILY_CL100K`. */
  inputTokens: Float64Array;
  expectedOutputTokens: number;
  minOutputTokens: number;
  excluded: ReadonlySet<string> | undefined;
}

/**
 * Creates a router. Per-model numbers are precomputed once per model list (a registry's `models()` should
 * return the same array until it refreshes), so a route over ~400 models allocates almost nothing.
 */
export function createRouter(options: RouterOptions): Router {
  const defaultStrategy = options.defaultStrategy ?? 'balanced';
  resolveStrategy(defaultStrategy);
  const minOutputTokens = options.minOutputTokens ?? DEFAULT_MIN_OUTPUT_TOKENS;
  if (!Number.isSafeInteger(minOutputTokens) || minOutputTokens < 1) {
    throw new InvalidArgumentError({
      argument: 'minOutputTokens',
      message: `minOutputTokens must be a positive integer like 100 (got ${minOutputTokens}).`,
    });
  }
  const tokenizers = options.tokenizers ?? [];
  const o200k = tokenizers.find((tokenizer) => tokenizer.encoding === 'o200k_base');
  const cl100k = tokenizers.find((tokenizer) => tokenizer.encoding === 'cl100k_base');
  const source = options.models;
  let cachedList: readonly ModelInfo[] | undefined;
  let cachedTable: ModelTable | undefined;
  let cachedFamilies = 0;

  function currentTable(): { table: ModelTable; families: number } {
    const list = Array.isArray(source)
      ? (source as readonly ModelInfo[])
      : (source as { models(): readonly ModelInfo[] }).models();
    if (list !== cachedList || !cachedTable) {
      cachedTable = createModelTable(list);
      cachedList = list;
      cachedFamilies = 0;
      for (let index = 0; index < cachedTable.size; index++)
        cachedFamilies |= 1 << cachedTable.family[index]!;
    }
    return { table: cachedTable, families: cachedFamilies };
  }

  function route(input: string | readonly Message[], routeOptions: RouteOptions = {}): RouteDecision {
    const strategy = resolveStrategy(routeOptions.strategy ?? defaultStrategy);
    const budget = routeOptions.budget === undefined ? undefined : parseBudget(routeOptions.budget);
    if (!hasPromptContent(input)) {
      throw new InvalidArgumentError({
        argument: 'prompt',
        message: 'The prompt is empty: pass the text or messages to route.',
      });
    }
    const maxOutputTokens = routeOptions.maxOutputTokens;
    if (maxOutputTokens !== undefined && (!Number.isSafeInteger(maxOutputTokens) || maxOutputTokens < 1)) {
      throw new InvalidArgumentError({
        argument: 'maxOutputTokens',
        message: `maxOutputTokens must be a positive integer like 1024 (got ${maxOutputTokens}).`,
      });
    }
    if (routeOptions.capability !== undefined && !CAPABILITIES.includes(routeOptions.capability)) {
      throw new InvalidArgumentError({
        argument: 'capability',
        message: `Unknown capability "${String(routeOptions.capability)}": use one of ${CAPABILITIES.join(', ')}.`,
      });
    }
    if (routeOptions.minTier !== undefined && !TIERS.includes(routeOptions.minTier)) {
      throw new InvalidArgumentError({
        argument: 'minTier',
        message: `Unknown tier "${String(routeOptions.minTier)}": use one of ${TIERS.join(', ')}.`,
      });
    }
    const gate = routeOptions.riskGate ?? options.riskGate;
    if (gate?.enabled) assertRiskAcceptable(lastUserText(input), gate);
    const scenario = routeOptions.scenario ?? detect(input);
    const required = requiredCapabilities(scenario, routeOptions.capability, promptHasImages(input));
    const { table, families } = currentTable();

    const estimateCount = countPromptTokens(input);
    // Exact counts only for the encodings present in the list and loaded; everything else uses the estimate.
    const exactCount = (family: number, tokenizer: Tokenizer | undefined): number =>
      tokenizer && families & (1 << family) ? countPromptTokens(input, { tokenizer }) : estimateCount;
    const call: Call = {
      table,
      requiredMask: requiredMaskOf(required),
      required,
      minTierRank: routeOptions.minTier === undefined ? 0 : tierRank(routeOptions.minTier),
      allowFree: routeOptions.allowFree === true,
      allowBatch: routeOptions.allowBatch === true,
      allowUnpriced: routeOptions.allowUnpriced === true,
      budget,
      budgetNumber: budget === undefined ? 0 : budget > MAX_SAFE ? MAX_SAFE_PLUS_ONE : Number(budget),
      inputTokens: familyCounts(
        estimateCount,
        exactCount(FAMILY_O200K, o200k),
        exactCount(FAMILY_CL100K, cl100k),
      ),
      expectedOutputTokens:
        maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS[scenario.complexity] ?? EXPECTED_OUTPUT_TOKENS.moderate,
      minOutputTokens: Math.min(minOutputTokens, maxOutputTokens ?? minOutputTokens),
      excluded:
        routeOptions.exclude && routeOptions.exclude.length > 0 ? new Set(routeOptions.exclude) : undefined,
    };
    const context: StrategyContext = { table, complexity: scenario.complexity };

    let chosen = -1;
    let cheapestCapable = -1;
    const costs = table.expectedCost;
    // Hot loop with every column hoisted into a local. The common case (priced, whole-pico prices, no
    // exclusions) is screened inline; anything else goes through `screen`, which is also what builds the
    // rejection list, so both paths apply the same rules (the tests compare them).
    const masks = table.capabilityMask;
    const tiers = table.tierRank;
    const free = table.free;
    const priced = table.priced;
    const exact = table.exact;
    const family = table.family;
    const contextWindow = table.contextWindow;
    const maxOutput = table.maxOutputTokens;
    const inputPrice = table.inputPicoPerToken;
    const outputPrice = table.outputPicoPerToken;
    const requestPrice = table.requestPico;
    const {
      requiredMask,
      minTierRank,
      allowFree,
      allowBatch,
      budgetNumber,
      minOutputTokens: minOutput,
    } = call;
    const tokens = call.inputTokens;
    const expectedOutput = call.expectedOutputTokens;
    const hasBudget = budget !== undefined;
    const inlineable = call.excluded === undefined;
    for (let index = 0; index < table.size; index++) {
      if ((masks[index]! & requiredMask) !== requiredMask || tiers[index]! < minTierRank) continue;
      let outcome: number;
      if (inlineable && priced[index] === 1 && exact[index] === 1) {
        const kind = free[index]!;
        if (kind !== 0 && (kind === 1 ? !allowFree : !allowBatch)) continue;
        const inputTokens = tokens[family[index]!]!;
        const limit = maxOutput[index]!;
        const outputTokens = Math.min(expectedOutput, limit);
        if (inputTokens + outputTokens > contextWindow[index]!) continue;
        const inputCost = inputTokens * inputPrice[index]! + requestPrice[index]!;
        const cost = inputCost + outputTokens * outputPrice[index]!;
        costs[index] = cost;
        if (!hasBudget) {
          outcome = PASS;
        } else {
          const floor = inputCost + Math.min(minOutput, limit) * outputPrice[index]!;
          outcome =
            cost > Number.MAX_SAFE_INTEGER || floor > Number.MAX_SAFE_INTEGER
              ? screen(call, index)
              : cost <= budgetNumber && floor <= budgetNumber
                ? PASS
                : OVER_BUDGET;
        }
      } else {
        outcome = screen(call, index);
      }
      if (outcome === PASS) {
        if (chosen < 0 || strategy.prefers(index, chosen, context)) chosen = index;
      } else if (outcome !== OVER_BUDGET) {
        continue;
      }
      if (cheapestCapable < 0 || costs[index]! < costs[cheapestCapable]!) cheapestCapable = index;
    }

    let withinBudget = true;
    if (chosen < 0) {
      if (budget !== undefined && cheapestCapable >= 0 && routeOptions.budgetStrict === false) {
        chosen = cheapestCapable;
        withinBudget = false;
      } else {
        throw noRouteError(call, cheapestCapable);
      }
    }
    return decide(call, chosen, strategy, scenario, withinBudget, routeOptions.explain === true);
  }

  function detect(input: string | readonly Message[]): Scenario {
    return options.detectScenario ? options.detectScenario(input) : detectScenario(input);
  }

  return { route };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function familyCounts(estimate: number, o200k: number, cl100k: number): Float64Array {
  const counts = new Float64Array(3);
  counts[FAMILY_ESTIMATE] = estimate;
  counts[FAMILY_O200K] = o200k;
  counts[FAMILY_CL100K] = cl100k;
  return counts;
}
const MAX_SAFE_PLUS_ONE = Number.MAX_SAFE_INTEGER + 1;

/** Input tokens of `call` for model `index` (families index `call.inputTokens`). */
function inputTokensOf(call: Call, index: number): number {
  return call.inputTokens[call.table.family[index]!]!;
}

/** Expected output tokens on model `index`: the call's expectation capped at the model's limit. */
function outputTokensOf(call: Call, index: number): number {
  const limit = call.table.maxOutputTokens[index]!;
  return Math.min(call.expectedOutputTokens, limit);
}

/**
 * Screens model `index`, writing its expected cost (float pico-USD; `Infinity` when unpriced) into the table's
 * scratch. The hot path: numbers only, no allocation. Budget checks run in floats only when they are exact
 * (whole pico per token and sums below 2^53); anything else is checked in bigint with `costOf`.
 */
function screen(call: Call, index: number): number {
  const table = call.table;
  if (call.excluded?.has(table.models[index]!.id)) return EXCLUDED;
  if ((table.capabilityMask[index]! & call.requiredMask) !== call.requiredMask) return MISSING_CAPABILITY;
  if (table.tierRank[index]! < call.minTierRank) return BELOW_TIER;
  if (table.free[index] === 1 && !call.allowFree) return FREE_EXCLUDED;
  if (table.free[index] === 2 && !call.allowBatch) return BATCH_EXCLUDED;
  const priced = table.priced[index] === 1;
  if (!priced && (!call.allowUnpriced || call.budget !== undefined)) {
    table.expectedCost[index] = Number.POSITIVE_INFINITY;
    return UNPRICED;
  }
  const inputTokens = inputTokensOf(call, index);
  const outputTokens = outputTokensOf(call, index);
  if (inputTokens + outputTokens > table.contextWindow[index]!) {
    table.expectedCost[index] = Number.POSITIVE_INFINITY;
    return CONTEXT_TOO_SMALL;
  }
  if (!priced) {
    table.expectedCost[index] = Number.POSITIVE_INFINITY;
    return PASS;
  }
  const inputCost = inputTokens * table.inputPicoPerToken[index]! + table.requestPico[index]!;
  const outputPrice = table.outputPicoPerToken[index]!;
  const cost = inputCost + outputTokens * outputPrice;
  table.expectedCost[index] = cost;
  if (call.budget === undefined) return PASS;
  const minOutput = Math.min(call.minOutputTokens, table.maxOutputTokens[index]!);
  const floor = inputCost + minOutput * outputPrice;
  if (table.exact[index] === 1 && cost <= Number.MAX_SAFE_INTEGER && floor <= Number.MAX_SAFE_INTEGER) {
    // Every term is an exact integer below 2^53, so these float comparisons are exact.
    return cost <= call.budgetNumber && floor <= call.budgetNumber ? PASS : OVER_BUDGET;
  }
  const model = table.models[index]!;
  const expected = costOf(model, { inputTokens, outputTokens }) ?? 0n;
  const exactFloor = costOf(model, { inputTokens, outputTokens: minOutput }) ?? 0n;
  return expected <= call.budget && exactFloor <= call.budget ? PASS : OVER_BUDGET;
}

/**
 * Exact cost on model `index`; equal to `costOf` but without bigint parsing when the float sum is exact (whole
 * pico per token, below 2^53), which keeps `costOf`'s ~1 µs per call off the route path.
 */
function costOfCall(
  call: Call,
  index: number,
  inputTokens: number,
  outputTokens: number,
): PicoUsd | undefined {
  const table = call.table;
  if (table.priced[index] !== 1) return undefined;
  if (table.exact[index] === 1) {
    const cost =
      inputTokens * table.inputPicoPerToken[index]! +
      outputTokens * table.outputPicoPerToken[index]! +
      table.requestPico[index]!;
    if (cost <= Number.MAX_SAFE_INTEGER) return BigInt(cost);
  }
  return costOf(table.models[index]!, { inputTokens, outputTokens });
}

/** `maxAffordableOutputTokens` on model `index`, exact and without bigint parsing for whole-pico prices. */
function affordableOutputTokens(
  call: Call,
  index: number,
  inputTokens: number,
  budget: PicoUsd,
): number | undefined {
  const table = call.table;
  const outputPrice = table.outputPicoPerToken[index]!;
  if (table.exact[index] === 1 && outputPrice > 0) {
    const inputCost = costOfCall(call, index, inputTokens, 0);
    if (inputCost !== undefined) {
      if (inputCost > budget) return -1;
      const tokens = (budget - inputCost) / BigInt(outputPrice);
      return tokens > MAX_SAFE ? Number.MAX_SAFE_INTEGER : Number(tokens);
    }
  }
  return maxAffordableOutputTokens(table.models[index]!, { inputTokens, budget });
}

function decide(
  call: Call,
  chosen: number,
  strategy: RouteStrategy,
  scenario: Scenario,
  withinBudget: boolean,
  explain: boolean,
): RouteDecision {
  const table = call.table;
  const model = table.models[chosen]!;
  const inputTokens = inputTokensOf(call, chosen);
  const outputTokens = outputTokensOf(call, chosen);
  const estimatedCost = costOfCall(call, chosen, inputTokens, outputTokens) ?? 0n;
  const room = table.contextWindow[chosen]! - inputTokens;
  let allowedOutput = Math.min(table.maxOutputTokens[chosen]!, room);
  if (call.budget !== undefined && withinBudget) {
    const affordable = affordableOutputTokens(call, chosen, inputTokens, call.budget);
    if (affordable !== undefined && affordable < allowedOutput) allowedOutput = Math.max(0, affordable);
  }
  const worstCaseCost = costOfCall(call, chosen, inputTokens, Math.max(0, allowedOutput)) ?? 0n;
  let rejected: RejectedCandidate[] | undefined = explain ? rejections(call, chosen, strategy) : undefined;
  // Rejections are only built when someone reads them: listing ~400 models with costs per route would cost
  // more than the route itself. A getter in the literal is an own enumerable property (spread and JSON see
  // it) and, unlike `Object.defineProperty`, stays cheap.
  const decision: RouteDecision = {
    model,
    strategy: strategy.name,
    scenario,
    budget: call.budget,
    estimatedCost,
    worstCaseCost,
    estimatedInputTokens: inputTokens,
    estimatedOutputTokens: outputTokens,
    withinBudget,
    get rejected() {
      rejected ??= rejections(call, chosen, strategy);
      return rejected;
    },
    set rejected(value) {
      rejected = value;
    },
  };
  return decision;
}

/** Every model but `chosen`, with the reason it was passed over. */
function rejections(call: Call, chosen: number, strategy: RouteStrategy): RejectedCandidate[] {
  const table = call.table;
  const chosenId = chosen >= 0 ? table.models[chosen]!.id : undefined;
  const list: RejectedCandidate[] = [];
  for (let index = 0; index < table.size; index++) {
    if (index === chosen) continue;
    const outcome = screen(call, index);
    const model = table.models[index]!;
    const inputTokens = inputTokensOf(call, index);
    const outputTokens = outputTokensOf(call, index);
    const estimatedCost = costOfCall(call, index, inputTokens, outputTokens);
    const entry = describeRejection(
      call,
      model,
      index,
      outcome,
      strategy,
      chosenId,
      inputTokens,
      outputTokens,
    );
    list.push(estimatedCost === undefined ? entry : { ...entry, estimatedCost });
  }
  return list;
}

function describeRejection(
  call: Call,
  model: ModelInfo,
  index: number,
  outcome: number,
  strategy: RouteStrategy,
  chosenId: string | undefined,
  inputTokens: number,
  outputTokens: number,
): RejectedCandidate {
  const modelId = model.id;
  switch (outcome) {
    case EXCLUDED:
      return { modelId, reason: 'not-chosen', detail: 'excluded by the caller' };
    case MISSING_CAPABILITY: {
      const missing = call.required.filter(
        (capability) => requiredMaskOf([capability]) & ~call.table.capabilityMask[index]!,
      );
      return { modelId, reason: 'missing-capability', detail: `lacks ${missing.join(', ')}` };
    }
    case BELOW_TIER:
      return {
        modelId,
        reason: 'below-tier',
        detail: `tier ${model.tier} is below the minimum ${TIERS[call.minTierRank]}`,
      };
    case FREE_EXCLUDED:
      return { modelId, reason: 'free-excluded', detail: 'free model; pass allowFree to consider it' };
    case BATCH_EXCLUDED:
      return {
        modelId,
        reason: 'batch-excluded',
        detail: 'asynchronous batch variant; pass allowBatch to consider it',
      };
    case UNPRICED:
      return {
        modelId,
        reason: 'unpriced',
        detail:
          call.budget !== undefined && call.allowUnpriced
            ? 'price unknown, so it cannot be held to a budget'
            : 'price unknown; pass allowUnpriced to consider it',
      };
    case CONTEXT_TOO_SMALL:
      return {
        modelId,
        reason: 'context-too-small',
        detail: `needs ~${inputTokens + outputTokens} tokens, context window is ${model.contextWindow}`,
      };
    case OVER_BUDGET: {
      const expected = costOfCall(call, index, inputTokens, outputTokens) ?? 0n;
      const budgetText = formatUsd(call.budget ?? 0n);
      return {
        modelId,
        reason: 'over-budget',
        detail:
          call.budget !== undefined && expected > call.budget
            ? `estimated ${formatUsd(expected)} > budget ${budgetText}`
            : `budget ${budgetText} cannot pay the input and ${call.minOutputTokens} output tokens`,
      };
    }
    default:
      return {
        modelId,
        reason: 'not-chosen',
        detail: chosenId ? `${strategy.name} preferred ${chosenId}` : `passed every filter`,
      };
  }
}

function noRouteError(call: Call, cheapestCapable: number): NoRouteError {
  const table = call.table;
  const rejected = rejections(call, -1, resolveStrategy('cheapest'));
  if (call.budget !== undefined && cheapestCapable >= 0) {
    const model = table.models[cheapestCapable]!;
    const estimatedCost =
      costOfCall(
        call,
        cheapestCapable,
        inputTokensOf(call, cheapestCapable),
        outputTokensOf(call, cheapestCapable),
      ) ?? 0n;
    return new NoRouteError({
      message: `No model fits budget ${formatUsd(call.budget)}: cheapest capable is ${model.id} at ~${formatUsd(estimatedCost)}; raise --budget, lower max_tokens, or allow best effort (budgetStrict: false).`,
      cheapest: { modelId: model.id, estimatedCost },
      budget: call.budget,
      rejected,
    });
  }
  const needs = call.required.length > 0 ? `capability ${call.required.join(' + ')}` : 'this prompt';
  if (table.size === 0) {
    return new NoRouteError({
      message: 'No models found: the model list is empty; refresh the catalog or add models.',
      budget: call.budget,
      rejected,
    });
  }
  const counts = new Map<string, number>();
  for (const entry of rejected) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
  const summary = [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ');
  return new NoRouteError({
    message: `No models found for ${needs} (${table.size} checked: ${summary}); relax the capability, minTier or exclusions, or allow free/unpriced models.`,
    budget: call.budget,
    rejected,
  });
}
