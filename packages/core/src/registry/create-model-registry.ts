import {
  ApiCallError,
  type Capability,
  InvalidResponseDataError,
  type ModelInfo,
  NoSuchModelError,
  type Tier,
} from '@tokenwise/spec';
import { createModelClassifier } from '../catalog/classify-model.js';
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.js';
import { parseOpenRouterModels } from '../catalog/parse-open-router-models.js';
import { trimOpenRouterEntry } from '../catalog/trim-open-router-entry.js';
import { applyModelOverrides, type ModelOverride } from './apply-model-overrides.js';
import { parseLocalModelsYaml } from './parse-local-models-yaml.js';

/** Where the registry's current models came from. */
export type CatalogSource = 'bundled' | 'cache' | 'live' | 'local';

/** One stored copy of the live catalog. `body` is OpenRouter's `/models` response (trimmed). */
export interface CatalogCacheEntry {
  /** Epoch milliseconds of the fetch. */
  fetchedAt: number;
  /** The live response, trimmed to the fields the parser reads (may be read lazily by the cache). */
  body: unknown;
  /** The parsed models, reused as they are while `parser` matches this build's (see `BundledCatalog.parser`). */
  models?: readonly ModelInfo[];
  parser?: string;
}

/** Persistent storage for the live catalog (see `createFileCatalogCache` in `@tokenwise/core/node`). */
export interface CatalogCache {
  read(): Promise<CatalogCacheEntry | undefined>;
  write(entry: CatalogCacheEntry): Promise<void>;
  /** Where the cache lives (a file path), named in warnings so a user can find and delete it. */
  readonly location?: string;
}

/** Filters of {@link ModelRegistry.find}. Results are sorted by input price, cheapest first. */
export interface ModelQuery {
  /** A capability every result has (`general` matches every model; `vision` also matches image input). */
  capability?: Capability;
  /** Capabilities every result has, all of them. */
  capabilities?: readonly Capability[];
  tier?: Tier;
  /** Case-insensitive text that the id or the name contains. */
  search?: string;
  /** Largest input price in USD per million tokens. */
  maxInputPrice?: number;
  /** Smallest context window in tokens. */
  minContext?: number;
  limit?: number;
  /** Include `:free` and zero-priced models (default false: they are usually rate-limited). */
  includeFree?: boolean;
  /** Include models whose price is unknown (default false: an unknown price is never treated as free). */
  includeUnpriced?: boolean;
}

/** Outcome of {@link ModelRegistry.refresh}. */
export interface RefreshResult {
  /** True when the live catalog was loaded (or when the source is local and nothing needed loading). */
  ok: boolean;
  source: CatalogSource;
  count: number;
  /** Why the refresh failed. */
  error?: unknown;
  /**
   * Set when the live catalog was much smaller than the one in use (see `SHRINK_GUARD_RATIO`) and was therefore
   * NOT installed (`ok: false`) — or was, with `acceptSmaller` (`ok: true`). Counts of both catalogs.
   */
  smaller?: { live: number; current: number };
}

/** The models TokenWise can route to, with where they came from. */
export interface ModelRegistry {
  readonly source: CatalogSource;
  /** When the current catalog was fetched (epoch ms); for local models, when they were loaded. */
  readonly fetchedAt: number;
  /** Warnings so far (failed refreshes, unreadable cache, overrides for unknown ids). */
  readonly warnings: readonly string[];
  /** Every model, in catalog order. */
  models(): readonly ModelInfo[];
  get(id: string): ModelInfo | undefined;
  /** @throws NoSuchModelError when the id is not in the catalog. */
  require(id: string): ModelInfo;
  find(query?: ModelQuery): ModelInfo[];
  /** The cheapest paid model matching the query; a free one only when no paid one matches. */
  cheapest(query?: Pick<ModelQuery, 'capability' | 'capabilities'>): ModelInfo | undefined;
  /** Loads a fresh cache (and refreshes live when `refreshOnReady`). Never rejects. */
  ready(): Promise<void>;
  /**
   * Fetches the live catalog, validates it with the bundled parser and writes the cache. On failure keeps the
   * current models and records ONE warning; rejects only with `throwOnError`.
   */
  refresh(options?: RefreshOptions): Promise<RefreshResult>;
}

/** Options of {@link ModelRegistry.refresh}. */
export interface RefreshOptions {
  signal?: AbortSignal;
  /** Reject with the error of a failed fetch instead of resolving `ok: false`. */
  throwOnError?: boolean;
  /**
   * Install a live catalog even when it is much smaller than the one in use (a user-initiated refresh from a
   * deliberately small endpoint). A warning still names the source and the cache file. Default false: a
   * background refresh never swaps 400 models for 5 silently.
   */
  acceptSmaller?: boolean;
}

/**
 * A live catalog with fewer than this share of the models in use is suspicious (a test server or a narrow
 * gateway behind `OPENROUTER_BASE_URL`): it replaces the catalog only with `acceptSmaller`.
 */
export const SHRINK_GUARD_RATIO = 0.5;

/** Options of {@link createModelRegistry}. */
export interface ModelRegistryOptions {
  /** An explicit model list (tests, embedding): replaces the catalog; source `local`. */
  models?: readonly ModelInfo[];
  /** Text of a local models YAML file (original format); replaces the catalog; source `local`. */
  localModelsYaml?: string;
  /** Name of that file, for error messages. */
  localModelsPath?: string;
  /** Injected fetch (tests, proxies). Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** OpenRouter API base URL (default `https://openrouter.ai/api/v1`). */
  baseURL?: string;
  /** Sent as a bearer token when set; the `/models` endpoint works without one. */
  apiKey?: string;
  cache?: CatalogCache;
  /** Age in seconds after which a cached catalog is stale (default 3600). */
  ttlSeconds?: number;
  /** Timeout of the live fetch in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Config `model_overrides`, by exact model id. */
  overrides?: Readonly<Record<string, ModelOverride>>;
  onWarning?: (message: string) => void;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
  /** Let `ready()` fetch the live catalog when no fresh cache exists (default false: the app decides). */
  refreshOnReady?: boolean;
}

/** Default OpenRouter API base URL. */
export const DEFAULT_OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';

/**
 * Creates a model registry. Construction is synchronous and offline: it starts from the explicit models, the
 * local YAML or the bundled snapshot. `ready()` then swaps in a fresh on-disk cache, and `refresh()` the live
 * catalog; neither ever blocks a lookup, and a failed refresh leaves the current models in place.
 * @throws InvalidArgumentError when `localModelsYaml` is malformed.
 */
export function createModelRegistry(options: ModelRegistryOptions = {}): ModelRegistry {
  const now = options.now ?? Date.now;
  const ttlMs = (options.ttlSeconds ?? 3600) * 1000;
  const baseURL = (options.baseURL ?? DEFAULT_OPENROUTER_BASE_URL).replace(/\/+$/, '');
  const classifier = createModelClassifier();
  const bundled = loadBundledCatalog();
  const parserId = bundled.parser;
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };

  let source: CatalogSource;
  let fetchedAt: number;
  // Offline is reported once, not on every periodic refresh (a server refreshes every TTL); a success re-arms it.
  let offlineReported = false;
  let models: ModelInfo[] = [];
  let byId = new Map<string, ModelInfo>();

  function install(list: readonly ModelInfo[], from: CatalogSource, at: number): void {
    const { models: applied, unmatched } = applyModelOverrides(list, options.overrides);
    for (const id of unmatched) {
      const message = `model_overrides: "${id}" is not in the ${from} catalog; the override is ignored.`;
      if (!warnings.includes(message)) warn(message);
    }
    models = applied;
    byId = new Map(applied.map((model) => [model.id, model]));
    source = from;
    fetchedAt = at;
  }

  if (options.models) {
    install(options.models, 'local', now());
  } else if (options.localModelsYaml !== undefined) {
    install(
      parseLocalModelsYaml(
        options.localModelsYaml,
        options.localModelsPath ?? 'local models file',
        classifier,
      ),
      'local',
      now(),
    );
  } else {
    install(bundled.models, 'bundled', bundled.fetchedAt);
  }
  const isLocal = source! === 'local';

  let readyPromise: Promise<void> | undefined;
  let inFlight: Promise<RefreshResult> | undefined;

  async function loadCache(): Promise<void> {
    if (isLocal || !options.cache) return;
    let entry: CatalogCacheEntry | undefined;
    try {
      entry = await options.cache.read();
    } catch (error) {
      warn(`Could not read the model catalog cache (${describe(error)}); using the ${source} catalog.`);
      return;
    }
    if (!entry || !(now() - entry.fetchedAt < ttlMs)) return;
    // Parsed by this same parser: install as is (a CLI start saves parsing and classifying ~400 entries).
    if (entry.parser === parserId && Array.isArray(entry.models) && entry.models.every(isModelLike)) {
      if (entry.models.length > 0) install(entry.models, 'cache', entry.fetchedAt);
      return;
    }
    try {
      const parsed = parseOpenRouterModels(entry.body, classifier);
      if (parsed.models.length > 0) install(parsed.models, 'cache', entry.fetchedAt);
    } catch (error) {
      warn(`Ignoring an invalid model catalog cache (${describe(error)}); using the ${source} catalog.`);
    }
  }

  async function fetchLive(signal: AbortSignal | undefined): Promise<{ body: unknown; models: ModelInfo[] }> {
    const url = `${baseURL}/models`;
    const doFetch = options.fetch ?? globalThis.fetch;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'GET',
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      throw new ApiCallError({
        message: `Network error fetching ${url}: ${describe(error)}.`,
        provider: 'openrouter',
        url,
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ApiCallError({
        message: `HTTP ${response.status} fetching ${url}.`,
        provider: 'openrouter',
        url,
        statusCode: response.status,
        responseBody: text.slice(0, 2000),
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InvalidResponseDataError({
        message: `${url} did not return JSON.`,
        provider: 'openrouter',
        data: text.slice(0, 200),
        cause: error,
      });
    }
    const parsed = parseOpenRouterModels(json, classifier);
    if (parsed.models.length === 0) {
      throw new InvalidResponseDataError({
        message: `${url} listed no usable models.`,
        provider: 'openrouter',
      });
    }
    const data = (json as { data: unknown[] }).data.map(trimOpenRouterEntry);
    return { body: { data }, models: parsed.models };
  }

  async function doRefresh(
    signal: AbortSignal | undefined,
    throwOnError: boolean,
    acceptSmaller = false,
  ): Promise<RefreshResult> {
    if (isLocal) return { ok: true, source, count: models.length };
    let live: { body: unknown; models: ModelInfo[] };
    try {
      live = await fetchLive(signal);
    } catch (error) {
      const date = new Date(fetchedAt).toISOString().slice(0, 10);
      if (!offlineReported) {
        offlineReported = true;
        warn(
          `Could not refresh the model catalog from ${baseURL}/models (${describe(error)}); keeping the ${source} catalog of ${date}.`,
        );
      }
      if (throwOnError) throw error;
      return { ok: false, source, count: models.length, error };
    }
    const at = now();
    offlineReported = false;
    const current = { source, count: models.length };
    const smaller =
      current.count > 0 && live.models.length < current.count * SHRINK_GUARD_RATIO
        ? { live: live.models.length, current: current.count }
        : undefined;
    const cacheName = options.cache?.location ? `the cache file ${options.cache.location}` : 'the cache';
    if (smaller && !acceptSmaller) {
      warn(
        `The catalog from ${baseURL}/models lists only ${smaller.live} models, far fewer than the ${smaller.current} of the ${current.source} catalog in use; keeping the ${current.source} catalog and leaving ${cacheName} unchanged.`,
      );
      return { ok: false, source, count: models.length, smaller };
    }
    if (smaller) {
      warn(
        `The catalog from ${baseURL}/models lists only ${smaller.live} models (the ${current.source} catalog had ${smaller.current}); it replaces it and is written to ${cacheName}. Delete that file to go back to the bundled catalog.`,
      );
    }
    install(live.models, 'live', at);
    if (options.cache) {
      try {
        await options.cache.write({ fetchedAt: at, body: live.body, models: live.models, parser: parserId });
      } catch (error) {
        warn(
          `Could not write the model catalog cache (${describe(error)}); the live catalog is used anyway.`,
        );
      }
    }
    return { ok: true, source, count: models.length, ...(smaller ? { smaller } : {}) };
  }

  function matches(model: ModelInfo, query: ModelQuery): boolean {
    if (!query.includeUnpriced && !model.pricing) return false;
    if (!query.includeFree && isFree(model)) return false;
    if (query.capability && !hasCapability(model, query.capability)) return false;
    if (query.capabilities && !query.capabilities.every((cap) => hasCapability(model, cap))) return false;
    if (
      query.maxInputPrice !== undefined &&
      !(model.pricing && model.pricing.inputPerMillion <= query.maxInputPrice)
    )
      return false;
    if (query.tier && model.tier !== query.tier) return false;
    if (query.minContext !== undefined && model.contextWindow < query.minContext) return false;
    if (query.search) {
      const text = query.search.toLowerCase();
      if (!model.id.toLowerCase().includes(text) && !model.name.toLowerCase().includes(text)) return false;
    }
    return true;
  }

  const registry: ModelRegistry = {
    get source() {
      return source;
    },
    get fetchedAt() {
      return fetchedAt;
    },
    get warnings() {
      return warnings;
    },
    models: () => models,
    get: (id) => byId.get(id),
    require(id) {
      const model = byId.get(id);
      if (!model) throw new NoSuchModelError({ modelId: id });
      return model;
    },
    find(query = {}) {
      const found = models.filter((model) => matches(model, query));
      // Stable sort: equal prices keep catalog order; unpriced models (when included) go last.
      found.sort((a, b) => inputPrice(a) - inputPrice(b));
      return query.limit !== undefined ? found.slice(0, Math.max(0, query.limit)) : found;
    },
    cheapest(query = {}) {
      const all = registry.find({ ...query, includeFree: true });
      return all.find((model) => !isFree(model)) ?? all[0];
    },
    ready() {
      readyPromise ??= (async () => {
        await loadCache();
        if (options.refreshOnReady && source !== 'cache') await doRefresh(undefined, false);
      })();
      return readyPromise;
    },
    refresh(refreshOptions = {}) {
      if (!inFlight) {
        inFlight = doRefresh(
          refreshOptions.signal,
          refreshOptions.throwOnError ?? false,
          refreshOptions.acceptSmaller ?? false,
        ).finally(() => {
          inFlight = undefined;
        });
      }
      return inFlight;
    },
  };
  return registry;
}

/** True for `:free` variants and models whose every price is zero. */
export function isFreeModel(model: ModelInfo): boolean {
  return isFree(model);
}

function isFree(model: ModelInfo): boolean {
  if (model.id.endsWith(':free')) return true;
  const pricing = model.pricing;
  return !!pricing && pricing.inputPerMillion === 0 && pricing.outputPerMillion === 0 && !pricing.perRequest;
}

function hasCapability(model: ModelInfo, capability: Capability): boolean {
  if (capability === 'general') return true;
  if (capability === 'vision' && model.inputModalities.includes('image')) return true;
  return model.capabilities.includes(capability);
}

function inputPrice(model: ModelInfo): number {
  return model.pricing ? model.pricing.inputPerMillion : Number.POSITIVE_INFINITY;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.replace(/\.$/, '');
  return String(error);
}

/** A cheap sanity check of cached parsed models (the file could have been edited by hand). */
function isModelLike(value: unknown): value is ModelInfo {
  const model = value as Partial<ModelInfo> | null;
  return (
    typeof model === 'object' &&
    model !== null &&
    typeof model.id === 'string' &&
    typeof model.provider === 'string' &&
    typeof model.contextWindow === 'number' &&
    typeof model.tier === 'string' &&
    Array.isArray(model.capabilities)
  );
}
