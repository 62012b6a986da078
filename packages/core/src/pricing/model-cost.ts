import { costOfTokens, type ModelInfo, type PicoUsd, type Usage, usd } from '@tokenwise/spec';

/** Token counts a cost is computed from. */
export interface TokenCounts {
  /** All input tokens, cached ones included (OpenAI's convention, see `Usage`). */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those read from the prompt cache. */
  cachedInputTokens?: number;
  /** Of `inputTokens`, those written to the prompt cache. */
  cacheWriteTokens?: number;
}

/**
 * Exact cost of a call on `model`, per-request fee included. Cached and cache-written input tokens are billed
 * at their own prices when the catalog lists them.
 * @returns `undefined` when the model's price is unknown (an unknown price is never free).
 */
export function costOf(model: ModelInfo, counts: TokenCounts): PicoUsd | undefined {
  const pricing = model.pricing;
  if (!pricing) return undefined;
  const cached = Math.min(counts.cachedInputTokens ?? 0, counts.inputTokens);
  const written = Math.min(counts.cacheWriteTokens ?? 0, counts.inputTokens - cached);
  const plain = counts.inputTokens - cached - written;
  return (
    costOfTokens(plain, pricing.inputPerMillion) +
    costOfTokens(cached, pricing.cacheReadPerMillion ?? pricing.inputPerMillion) +
    costOfTokens(written, pricing.cacheWritePerMillion ?? pricing.inputPerMillion) +
    costOfTokens(counts.outputTokens, pricing.outputPerMillion) +
    (pricing.perRequest ? usd(pricing.perRequest) : 0n)
  );
}

/**
 * What a finished call cost, from the usage the vendor reported. A vendor-reported cost (OpenRouter) wins over
 * the catalog price, since it reflects the provider that actually served the call.
 * Missing token counts fall back to `fallback` (e.g. the reserved estimate) so a call never settles at $0 by
 * accident.
 */
export function costOfUsage(
  model: ModelInfo,
  usage: Usage,
  fallback?: Partial<TokenCounts>,
): PicoUsd | undefined {
  // A missing, negative or non-finite report is no report: price the tokens instead.
  const reported = usage.reportedCostUsd ?? Number.NaN;
  if (Number.isFinite(reported) && reported >= 0) return usd(reported);
  return costOf(model, {
    inputTokens: usage.inputTokens ?? fallback?.inputTokens ?? 0,
    outputTokens: usage.outputTokens ?? fallback?.outputTokens ?? 0,
    cachedInputTokens: usage.cachedInputTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
  });
}
