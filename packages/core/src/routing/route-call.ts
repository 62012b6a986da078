import {
  type Capability,
  type Message,
  type PicoUsd,
  type Scenario,
  type Tier,
  tierRank,
} from '@tokenwise/spec';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { EXPECTED_OUTPUT_TOKENS } from '../tokens/estimate-output-tokens.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import {
  FAMILY_CL100K,
  FAMILY_ESTIMATE,
  FAMILY_O200K,
  type ModelTable,
  requiredMaskOf,
} from './model-table.js';

/**
 * Everything one route call screens with, computed once per call: the screen, the choice, the decision and the
 * lazy `rejected` list all read it.
 */
export interface RouteCall {
  readonly table: ModelTable;
  readonly requiredMask: number;
  readonly required: readonly Capability[];
  readonly minTierRank: number;
  readonly allowFree: boolean;
  readonly allowBatch: boolean;
  readonly allowUnpriced: boolean;
  readonly budget: PicoUsd | undefined;
  /** `budget` as a float; exact whenever a fast-path comparison uses it (see `screenModel`). */
  readonly budgetNumber: number;
  /** Input tokens by family, indexed by `FAMILY_ESTIMATE`, `FAMILY_O200K`, `FAMILY_CL100K`. */
  readonly inputTokens: Float64Array;
  readonly expectedOutputTokens: number;
  readonly minOutputTokens: number;
  readonly excluded: ReadonlySet<string> | undefined;
}

/** What {@link createRouteCall} derives a {@link RouteCall} from. */
export interface RouteCallInput {
  readonly input: string | readonly Message[];
  readonly scenario: Scenario;
  readonly required: readonly Capability[];
  readonly table: ModelTable;
  /** Bit `1 << family` set for every token-count family present in `table`. */
  readonly families: number;
  readonly budget: PicoUsd | undefined;
  /** The router's minimum output; a smaller `maxOutputTokens` lowers it for this call. */
  readonly minOutputTokens: number;
  readonly maxOutputTokens: number | undefined;
  readonly minTier: Tier | undefined;
  readonly allowFree: boolean;
  readonly allowBatch: boolean;
  readonly allowUnpriced: boolean;
  readonly exclude: readonly string[] | undefined;
  readonly o200k: Tokenizer | undefined;
  readonly cl100k: Tokenizer | undefined;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_SAFE_PLUS_ONE = Number.MAX_SAFE_INTEGER + 1;

/** Counts the prompt for every token family and fixes the call's budget, output expectation and filters. */
export function createRouteCall(call: RouteCallInput): RouteCall {
  const { input, budget, maxOutputTokens, families } = call;
  const estimateCount = countPromptTokens(input);
  // Exact counts only for the encodings present in the list and loaded; everything else uses the estimate.
  const exactCount = (family: number, tokenizer: Tokenizer | undefined): number =>
    tokenizer && families & (1 << family) ? countPromptTokens(input, { tokenizer }) : estimateCount;
  const inputTokens = new Float64Array(3);
  inputTokens[FAMILY_ESTIMATE] = estimateCount;
  inputTokens[FAMILY_O200K] = exactCount(FAMILY_O200K, call.o200k);
  inputTokens[FAMILY_CL100K] = exactCount(FAMILY_CL100K, call.cl100k);
  return {
    table: call.table,
    requiredMask: requiredMaskOf(call.required),
    required: call.required,
    minTierRank: call.minTier === undefined ? 0 : tierRank(call.minTier),
    allowFree: call.allowFree,
    allowBatch: call.allowBatch,
    allowUnpriced: call.allowUnpriced,
    budget,
    // Above 2^53 the float is only used in comparisons against sums that `screenModel` checks in bigint instead.
    budgetNumber: budget === undefined ? 0 : budget > MAX_SAFE ? MAX_SAFE_PLUS_ONE : Number(budget),
    inputTokens,
    expectedOutputTokens:
      maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS[call.scenario.complexity] ?? EXPECTED_OUTPUT_TOKENS.moderate,
    minOutputTokens: Math.min(call.minOutputTokens, maxOutputTokens ?? call.minOutputTokens),
    excluded: call.exclude && call.exclude.length > 0 ? new Set(call.exclude) : undefined,
  };
}

/** Input tokens of `call` for model `index` (families index `call.inputTokens`). */
export function inputTokensOf(call: RouteCall, index: number): number {
  return call.inputTokens[call.table.family[index]!]!;
}

/** Expected output tokens on model `index`: the call's expectation capped at the model's limit. */
export function outputTokensOf(call: RouteCall, index: number): number {
  const limit = call.table.maxOutputTokens[index]!;
  return Math.min(call.expectedOutputTokens, limit);
}
