import type { Capability, ModelInfo } from '@tokenwise/spec';
import { tierRank, usd } from '@tokenwise/spec';
import { encodingForModel } from '../tokens/encoding-for-model.js';

/** Bit of each capability in {@link ModelTable.capabilityMask}. */
export const CAPABILITY_BIT: Readonly<Record<Capability, number>> = {
  code: 1,
  reasoning: 2,
  math: 4,
  general: 8,
  vision: 16,
};

/** Token-count family of a model: which count of the prompt applies to it. */
export const FAMILY_ESTIMATE = 0;
export const FAMILY_O200K = 1;
export const FAMILY_CL100K = 2;

const PICO_PER_TOKEN_UNIT = 1_000_000n;

/**
 * Per-model numbers the router needs, precomputed once per model list as parallel typed arrays so that a
 * route over ~400 models is a tight loop of float arithmetic with no allocation. Prices are pico-USD per
 * token; when a price is a whole number of pico per token (`exact`), token × price is an exact integer in
 * float arithmetic as long as it stays below 2^53, so budget checks on those models need no bigint.
 */
export interface ModelTable {
  readonly models: readonly ModelInfo[];
  readonly size: number;
  readonly capabilityMask: Uint8Array;
  readonly tierRank: Uint8Array;
  /** 1 when the model has a price. */
  readonly priced: Uint8Array;
  /**
   * 1 for free models (`:free` ids or all prices zero); 2 for `:batch` variants (OpenRouter's asynchronous batch
   * endpoints: half price, but answers arrive hours later, so a live call must not be routed there by default).
   */
  readonly free: Uint8Array;
  /** 1 when every price is a whole number of pico-USD per token. */
  readonly exact: Uint8Array;
  /** {@link FAMILY_ESTIMATE}, {@link FAMILY_O200K} or {@link FAMILY_CL100K}. */
  readonly family: Uint8Array;
  readonly contextWindow: Float64Array;
  /** Model output limit; `Infinity` when unknown. */
  readonly maxOutputTokens: Float64Array;
  readonly inputPicoPerToken: Float64Array;
  readonly outputPicoPerToken: Float64Array;
  readonly requestPico: Float64Array;
  /** USD per million input tokens (-1 when unpriced): the original's quality proxy for best_quality. */
  readonly inputPerMillion: Float64Array;
  /** Scratch for one route call: expected cost of each screened model. Routes are synchronous, so reuse is safe. */
  readonly expectedCost: Float64Array;
}

/** Builds the {@link ModelTable} of a model list. */
export function createModelTable(models: readonly ModelInfo[]): ModelTable {
  const size = models.length;
  const table: ModelTable = {
    models,
    size,
    capabilityMask: new Uint8Array(size),
    tierRank: new Uint8Array(size),
    priced: new Uint8Array(size),
    free: new Uint8Array(size),
    exact: new Uint8Array(size),
    family: new Uint8Array(size),
    contextWindow: new Float64Array(size),
    maxOutputTokens: new Float64Array(size),
    inputPicoPerToken: new Float64Array(size),
    outputPicoPerToken: new Float64Array(size),
    requestPico: new Float64Array(size),
    inputPerMillion: new Float64Array(size),
    expectedCost: new Float64Array(size),
  };
  for (let index = 0; index < size; index++) {
    const model = models[index]!;
    table.capabilityMask[index] = capabilityMaskOf(model);
    table.tierRank[index] = Math.max(0, tierRank(model.tier));
    const encoding = encodingForModel(model.id);
    table.family[index] =
      encoding === 'o200k_base' ? FAMILY_O200K : encoding === 'cl100k_base' ? FAMILY_CL100K : FAMILY_ESTIMATE;
    table.contextWindow[index] = Math.max(model.contextWindow, 0);
    const maxOutput = model.maxOutputTokens;
    table.maxOutputTokens[index] =
      maxOutput !== undefined && maxOutput > 0 ? maxOutput : Number.POSITIVE_INFINITY;
    const pricing = model.pricing;
    if (!pricing) {
      table.inputPerMillion[index] = -1;
      continue;
    }
    table.priced[index] = 1;
    table.inputPerMillion[index] = pricing.inputPerMillion;
    const input = usd(pricing.inputPerMillion);
    const output = usd(pricing.outputPerMillion);
    const request = pricing.perRequest ? usd(pricing.perRequest) : 0n;
    table.inputPicoPerToken[index] = Number(input) / 1e6;
    table.outputPicoPerToken[index] = Number(output) / 1e6;
    table.requestPico[index] = Number(request);
    table.exact[index] =
      input % PICO_PER_TOKEN_UNIT === 0n &&
      output % PICO_PER_TOKEN_UNIT === 0n &&
      request <= BigInt(Number.MAX_SAFE_INTEGER)
        ? 1
        : 0;
    table.free[index] = model.id.endsWith(':batch')
      ? 2
      : model.id.endsWith(':free') || (input === 0n && output === 0n && request === 0n)
        ? 1
        : 0;
  }
  return table;
}

/** Capability bits of a model; an image input modality counts as vision. */
export function capabilityMaskOf(model: ModelInfo): number {
  let mask = 0;
  for (const capability of model.capabilities) mask |= CAPABILITY_BIT[capability] ?? 0;
  if (model.inputModalities.includes('image')) mask |= CAPABILITY_BIT.vision;
  return mask;
}

/** Bits a model must have for `capabilities`; `general` needs nothing, since every chat model can do it. */
export function requiredMaskOf(capabilities: readonly Capability[]): number {
  let mask = 0;
  for (const capability of capabilities) {
    if (capability !== 'general') mask |= CAPABILITY_BIT[capability] ?? 0;
  }
  return mask;
}
