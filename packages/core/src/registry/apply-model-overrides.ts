import type { Capability, ModelInfo, Tier } from '@tokenwise/spec';

/**
 * A user correction to one catalog model (config key `model_overrides`). Fields left out keep the catalog's
 * value; `capabilities` replaces the list; prices are USD per million tokens.
 */
export interface ModelOverride {
  tier?: Tier;
  capabilities?: readonly Capability[];
  inputPrice?: number;
  outputPrice?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
}

/**
 * Applies overrides by exact model id (to every source: bundled, cached, live and local, unlike the original,
 * which skipped local models). Returns the new list and the ids that matched no model.
 */
export function applyModelOverrides(
  models: readonly ModelInfo[],
  overrides: Readonly<Record<string, ModelOverride>> | undefined,
): { models: ModelInfo[]; unmatched: string[] } {
  if (!overrides || Object.keys(overrides).length === 0) return { models: [...models], unmatched: [] };
  const used = new Set<string>();
  const result = models.map((model) => {
    const override = Object.hasOwn(overrides, model.id) ? overrides[model.id] : undefined;
    if (!override) return model;
    used.add(model.id);
    return overrideModel(model, override);
  });
  return { models: result, unmatched: Object.keys(overrides).filter((id) => !used.has(id)) };
}

function overrideModel(model: ModelInfo, override: ModelOverride): ModelInfo {
  const next: ModelInfo = { ...model };
  if (override.tier) next.tier = override.tier;
  if (override.capabilities) next.capabilities = [...override.capabilities];
  if (override.contextWindow !== undefined) next.contextWindow = override.contextWindow;
  if (override.maxOutputTokens !== undefined) next.maxOutputTokens = override.maxOutputTokens;
  if (override.inputPrice !== undefined || override.outputPrice !== undefined) {
    const base = model.pricing;
    const input = override.inputPrice ?? base?.inputPerMillion;
    const output = override.outputPrice ?? base?.outputPerMillion;
    // One price on an unpriced model still leaves the other unknown: the model stays unpriced.
    next.pricing =
      input !== undefined && output !== undefined
        ? { ...base, inputPerMillion: input, outputPerMillion: output }
        : undefined;
  }
  return next;
}
