export {
  bareModelName,
  createModelClassifier,
  type ModelClassification,
  type ModelClassifier,
  PRICE_TIER_THRESHOLDS,
  tierFromPrice,
} from './classify-model.js';
export { type BundledCatalog, loadBundledCatalog } from './load-bundled-catalog.js';
export { MODEL_FAMILIES, type ModelFamily } from './model-families.js';
export { supportsJsonOutput, supportsTools, supportsVision } from './model-features.js';
export { type ParsedCatalog, parseOpenRouterModels, type SkippedModel } from './parse-open-router-models.js';
export { trimOpenRouterEntry } from './trim-open-router-entry.js';
