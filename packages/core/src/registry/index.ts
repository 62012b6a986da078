export { applyModelOverrides, type ModelOverride } from './apply-model-overrides.js';
export {
  type CatalogCache,
  type CatalogCacheEntry,
  type CatalogSource,
  createModelRegistry,
  DEFAULT_OPENROUTER_BASE_URL,
  isFreeModel,
  type ModelQuery,
  type ModelRegistry,
  type ModelRegistryOptions,
  type RefreshOptions,
  type RefreshResult,
  SHRINK_GUARD_RATIO,
} from './create-model-registry.js';
export {
  CATALOG_MISS_REFRESH_INTERVAL_MS,
  createCatalogMissRefresh,
  findModelOrRefresh,
  type RefreshableCatalog,
  UNPRICED_ASSUMED_PRICING,
  unpricedModel,
} from './outside-catalog.js';
export { DEFAULT_LOCAL_CONTEXT_WINDOW, parseLocalModelsYaml } from './parse-local-models-yaml.js';
export { type ResolvedModelName, resolveModelName } from './resolve-model-name.js';
