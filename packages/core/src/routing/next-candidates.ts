import type { Capability, ModelInfo, PicoUsd, Tier } from '@tokenwise/spec';
import { tierRank } from '@tokenwise/spec';
import { DEFAULT_MIN_OUTPUT_TOKENS } from '../pricing/default-limits.js';
import { costOf } from '../pricing/model-cost.js';
import { capabilityMaskOf, requiredMaskOf } from './model-table.js';

/** Shared options of {@link nextCandidates} and {@link fallbackCandidates}. */
export interface CandidateOptions {
  /** Capabilities every candidate must have (`general` is always satisfied). */
  capabilities?: readonly Capability[];
  /** What is left of the budget; candidates must pay input + `minOutputTokens` from it. */
  remainingBudget?: PicoUsd;
  /** Counted input tokens of the call. */
  inputTokens: number;
  /** Least output the budget must pay for (default 100). */
  minOutputTokens?: number;
  /** Output tokens used to order candidates by cost (default `minOutputTokens`). */
  expectedOutputTokens?: number;
  /** Model ids never to return. */
  exclude?: readonly string[];
  allowFree?: boolean;
  /** Consider `:batch` variants (asynchronous batch endpoints). Default false. */
  allowBatch?: boolean;
  /** Unpriced models are only returned with this and no `remainingBudget`. */
  allowUnpriced?: boolean;
}

/** Options of {@link nextCandidates}. */
export interface NextCandidatesOptions extends CandidateOptions {
  /** The model that fell short. */
  current: ModelInfo;
  /** Default true: only tiers above the current one. False: the current tier too (other models). */
  strictlyHigherTier?: boolean;
}

/**
 * Escalation targets after `current` fell short: models of a higher tier (or the same, with
 * `strictlyHigherTier: false`), never a lower one, ordered tier by tier upward (budget → mid → flagship) and
 * cheapest first within a tier, so escalation climbs one step at a time instead of jumping to the priciest
 * model (the original's flaw, spec §14.1 item 3). Only models with the required capabilities, a context window
 * that holds the input plus the minimum output, and a price the remaining budget can pay (input +
 * `minOutputTokens`) are returned.
 */
export function nextCandidates(models: readonly ModelInfo[], options: NextCandidatesOptions): ModelInfo[] {
  const currentRank = tierRank(options.current.tier);
  const lowest = options.strictlyHigherTier === false ? currentRank : currentRank + 1;
  return orderedCandidates(models, options, {
    exclude: new Set([...(options.exclude ?? []), options.current.id]),
    rankOrder: (rank) => (rank >= lowest ? rank : -1),
    failedProviders: new Set(),
  });
}

/** Options of {@link fallbackCandidates}. */
export interface FallbackCandidatesOptions extends CandidateOptions {
  /** The model that failed (its tier is the floor unless `minTier` says otherwise). */
  current: ModelInfo;
  /** Ids of every model that failed so far (the current one is excluded anyway). */
  failed?: readonly string[];
  /** Lowest acceptable tier; when set, the floor is this tier, never below. */
  minTier?: Tier;
}

/**
 * Failover targets after `current` failed (an outage, a rate limit, a 5xx): the same tier first, then higher
 * tiers upward, then — only when `minTier` is below the current tier — lower tiers down to `minTier`, never
 * further. Cheapest first within a tier, and models of a vendor that already failed come last in their tier,
 * since an outage usually takes the whole vendor down. Same filters as {@link nextCandidates}.
 */
export function fallbackCandidates(
  models: readonly ModelInfo[],
  options: FallbackCandidatesOptions,
): ModelInfo[] {
  const currentRank = tierRank(options.current.tier);
  const floor = options.minTier === undefined ? currentRank : tierRank(options.minTier);
  const failed = [options.current.id, ...(options.failed ?? [])];
  const failedProviders = new Set<string>();
  for (const id of failed) {
    const model = models.find((candidate) => candidate.id === id);
    failedProviders.add(model?.provider ?? id.split('/')[0]!);
  }
  return orderedCandidates(models, options, {
    exclude: new Set([...(options.exclude ?? []), ...failed]),
    // Same tier 0, higher tiers 1, 2, …; allowed lower tiers after every higher one.
    rankOrder: (rank) =>
      rank < floor ? -1 : rank >= currentRank ? rank - currentRank : 10 + (currentRank - rank),
    failedProviders,
  });
}

function orderedCandidates(
  models: readonly ModelInfo[],
  options: CandidateOptions,
  policy: {
    exclude: ReadonlySet<string>;
    rankOrder: (rank: number) => number;
    failedProviders: ReadonlySet<string>;
  },
): ModelInfo[] {
  const required = requiredMaskOf(options.capabilities ?? []);
  const minOutput = options.minOutputTokens ?? DEFAULT_MIN_OUTPUT_TOKENS;
  const orderOutput = options.expectedOutputTokens ?? minOutput;
  const entries: {
    model: ModelInfo;
    order: number;
    failedVendor: number;
    cost: PicoUsd | undefined;
    index: number;
  }[] = [];
  models.forEach((model, index) => {
    if (policy.exclude.has(model.id)) return;
    const order = policy.rankOrder(tierRank(model.tier));
    if (order < 0) return;
    if ((capabilityMaskOf(model) & required) !== required) return;
    if (options.inputTokens + minOutput > model.contextWindow) return;
    const outputCap = model.maxOutputTokens ?? Number.POSITIVE_INFINITY;
    if (!model.pricing) {
      if (!options.allowUnpriced || options.remainingBudget !== undefined) return;
    } else {
      const isFree =
        model.id.endsWith(':free') ||
        (model.pricing.inputPerMillion === 0 &&
          model.pricing.outputPerMillion === 0 &&
          !model.pricing.perRequest);
      if (isFree && !options.allowFree) return;
      if (model.id.endsWith(':batch') && !options.allowBatch) return;
      if (options.remainingBudget !== undefined) {
        const floor = costOf(model, {
          inputTokens: options.inputTokens,
          outputTokens: Math.min(minOutput, outputCap),
        });
        if (floor === undefined || floor > options.remainingBudget) return;
      }
    }
    const cost = costOf(model, {
      inputTokens: options.inputTokens,
      outputTokens: Math.min(orderOutput, outputCap),
    });
    entries.push({
      model,
      order,
      failedVendor: policy.failedProviders.has(model.provider) ? 1 : 0,
      cost,
      index,
    });
  });
  entries.sort(
    (a, b) =>
      a.order - b.order ||
      a.failedVendor - b.failedVendor ||
      compareCost(a.cost, b.cost) ||
      a.index - b.index,
  );
  return entries.map((entry) => entry.model);
}

/** Ascending cost, unknown prices last. */
function compareCost(a: PicoUsd | undefined, b: PicoUsd | undefined): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
