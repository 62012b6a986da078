import {
  applyModelOverrides,
  loadBundledCatalog,
  type ModelOverride,
  type TokenwiseConfig,
} from '@tokenwise/core';
import type { ModelInfo } from '@tokenwise/spec';

/**
 * The price of the planner model when the catalog in use does not list it (a local models file replaces the
 * catalog, and the default planner `openai/gpt-4.1-mini` is not in it): the bundled snapshot's entry, or an entry
 * built from the config's `model_overrides` when those give both prices. `undefined` when neither knows it; the
 * planner then refuses to call it under a budget and says how to price it.
 */
export function plannerModelInfo(config: TokenwiseConfig): ModelInfo | undefined {
  const id = config.plannerModel;
  const override: ModelOverride | undefined = config.modelOverrides?.[id];
  const bundled = loadBundledCatalog().models.find((model) => model.id === id);
  if (bundled) {
    const { models } = applyModelOverrides([bundled], override ? { [id]: override } : undefined);
    return models[0];
  }
  if (override?.inputPrice === undefined || override.outputPrice === undefined) return undefined;
  return {
    id,
    name: id,
    provider: id.includes('/') ? id.slice(0, id.indexOf('/')) : id,
    pricing: { inputPerMillion: override.inputPrice, outputPerMillion: override.outputPrice },
    contextWindow: override.contextWindow ?? 128_000,
    maxOutputTokens: override.maxOutputTokens ?? 16_384,
    capabilities: [...(override.capabilities ?? ['general'])],
    tier: override.tier ?? 'mid',
    inputModalities: ['text'],
    supportedParameters: [],
  };
}
