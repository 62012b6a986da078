import type { Capability, ModelInfo, Tier } from '@tokenwise/spec';

/** A model in `--json` output (`route`, `models`): prices in USD per million tokens, `null` when unknown. */
export interface ModelJson {
  id: string;
  provider: string;
  tier: Tier;
  inputPrice: number | null;
  outputPrice: number | null;
  contextWindow: number;
  capabilities: Capability[];
}

/** The JSON shape of a catalog model. */
export function modelJson(model: ModelInfo): ModelJson {
  return {
    id: model.id,
    provider: model.provider,
    tier: model.tier,
    inputPrice: model.pricing?.inputPerMillion ?? null,
    outputPrice: model.pricing?.outputPerMillion ?? null,
    contextWindow: model.contextWindow,
    capabilities: [...model.capabilities],
  };
}
