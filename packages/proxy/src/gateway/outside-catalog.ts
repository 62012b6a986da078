import type { ModelInfo, PicoUsd } from '@tokenwise/spec';
import { OpenAIHttpError } from '../errors/openai-http-error.js';

/** The least time between two catalog refreshes caused by unknown model ids (clients control the ids). */
export const CATALOG_MISS_REFRESH_INTERVAL_MS = 60_000;

/**
 * A catalog refresh for ids the catalog does not know, at most once per `intervalMs`: concurrent misses share
 * the refresh in flight, and later misses within the interval do not refresh again (an unknown id cannot make the
 * proxy hammer the catalog source). Resolves once the refresh ended, whatever its outcome.
 */
export function createCatalogMissRefresh(
  refresh: () => Promise<unknown>,
  { clock, intervalMs = CATALOG_MISS_REFRESH_INTERVAL_MS }: { clock: () => number; intervalMs?: number },
): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  return () => {
    if (inFlight !== undefined) return inFlight;
    if (clock() - last < intervalMs) return Promise.resolve();
    last = clock();
    inFlight = refresh()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/**
 * What the proxy does with a model id the catalog does not know (after one refresh): when NO budget applies
 * (no request or default budget, no process budget), it forwards the id to the vendor its prefix names (or
 * OpenRouter) as an unpriced model — its cost is not tracked, since no price is known and no ceiling needs one.
 * When a budget applies the call cannot be bounded, so it is refused with a 400 that says how to price it.
 * @throws OpenAIHttpError 400 `model_not_priced` when a budget applies.
 */
export function outsideCatalogModel(
  id: string,
  budgets: { request: PicoUsd | undefined; process: boolean },
): ModelInfo {
  if (budgets.request !== undefined || budgets.process) {
    throw new OpenAIHttpError({
      status: 400,
      type: 'invalid_request_error',
      code: 'model_not_priced',
      param: 'model',
      message: `The model "${id}" is not in the catalog, so its cost cannot be bounded under the budget that applies to this request. Give it a price in model_overrides (e.g. TOKENWISE_MODEL_OVERRIDES or model_overrides in the config file), or pick a catalog model (GET /v1/models).`,
    });
  }
  const slash = id.indexOf('/');
  return {
    id,
    name: `${id} (outside the catalog, unpriced)`,
    provider: slash > 0 ? id.slice(0, slash) : 'openrouter',
    // No budget applies (checked above): a zero price only sizes a reservation nothing limits.
    pricing: { inputPerMillion: 0, outputPerMillion: 0 },
    contextWindow: 0,
    maxOutputTokens: undefined,
    capabilities: [],
    tier: 'mid',
    inputModalities: ['text'],
    supportedParameters: [],
  };
}
