import { type ModelInfo, ModelNotPricedError } from '@tokenwise/spec';

/** The least time between two catalog refreshes caused by unknown model ids (clients control the ids). */
export const CATALOG_MISS_REFRESH_INTERVAL_MS = 60_000;

/**
 * A catalog refresh for ids the catalog does not know, at most once per `intervalMs`: concurrent misses share
 * the refresh in flight, and later misses within the interval do not refresh again (an unknown id cannot make a
 * server hammer the catalog source). Resolves once the refresh ended, whatever its outcome.
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

/** What {@link findModelOrRefresh} needs of a registry. */
export interface RefreshableCatalog {
  get(id: string): ModelInfo | undefined;
  /** Loads the live catalog; absent when the catalog cannot refresh (a local models file, a fixed list). */
  refresh?: () => Promise<unknown>;
}

/**
 * The catalog entry of `id`, refreshing the catalog once when it does not know the id (new models appear every
 * week; the bundled catalog is a dated snapshot). `undefined` when the id is still unknown. A failed refresh
 * counts as a miss, never as an error.
 */
export async function findModelOrRefresh(
  catalog: RefreshableCatalog,
  id: string,
): Promise<ModelInfo | undefined> {
  const known = catalog.get(id);
  if (known !== undefined || catalog.refresh === undefined) return known;
  await catalog.refresh().catch(() => undefined);
  return catalog.get(id);
}

/**
 * THE rule for a model without a known price — an id the catalog does not list (after one refresh), or one it
 * lists without a price — in every door of the proxy and every command of the CLI:
 * - when a budget applies, its cost cannot be bounded: refused with a `ModelNotPricedError` that says how to
 *   price it (`model_overrides`);
 * - when none applies, it is called as an unpriced model (`pricing: undefined`, so it is never mistaken for a
 *   free one): sent to the vendor its prefix names (or OpenRouter for a bare id), its cost reported as unknown
 *   unless the vendor reports one.
 * Callers make the call with `assumedPricing` of zero, which only sizes a reservation no budget limits.
 * @param known The catalog's entry without a price, when there is one (keeps its limits and capabilities).
 * @throws ModelNotPricedError when `budgetApplies`.
 */
export function unpricedModel(
  id: string,
  options: { budgetApplies: boolean; known?: ModelInfo; maxOutputTokens?: number },
): ModelInfo {
  if (options.budgetApplies) throw new ModelNotPricedError({ modelId: id });
  if (options.known !== undefined) return { ...options.known, pricing: undefined };
  const slash = id.indexOf('/');
  return {
    id,
    name: `${id} (outside the catalog, unpriced)`,
    provider: slash > 0 ? id.slice(0, slash) : 'openrouter',
    pricing: undefined,
    // Unknown limits: 0 = no context check; the vendor refuses what does not fit.
    contextWindow: 0,
    maxOutputTokens: options.maxOutputTokens,
    capabilities: [],
    tier: 'mid',
    inputModalities: ['text'],
    supportedParameters: [],
  };
}

/** Prices assumed for an unpriced model called without a budget (see {@link unpricedModel}). */
export const UNPRICED_ASSUMED_PRICING = Object.freeze({ inputPerMillion: 0, outputPerMillion: 0 });
