import type { Capability } from './capability.js';
import type { Pricing } from './pricing.js';
import type { Tier } from './tier.js';

/** One model of the catalog. */
export interface ModelInfo {
  /** Catalog id, `vendor/model` (OpenRouter style), e.g. `anthropic/claude-sonnet-4.5`. */
  id: string;
  name: string;
  /** Vendor prefix of the id, e.g. `anthropic`. */
  provider: string;
  /** Prices; `undefined` when the catalog does not know them (never treated as free). */
  pricing: Pricing | undefined;
  /** Context window in tokens. */
  contextWindow: number;
  /** Largest completion the model can produce, when known. */
  maxOutputTokens: number | undefined;
  capabilities: readonly Capability[];
  tier: Tier;
  /** e.g. `text`, `image`, `file`, `audio`. */
  inputModalities: readonly string[];
  /** Request parameters the model accepts (OpenRouter's `supported_parameters`), e.g. `tools`, `response_format`. */
  supportedParameters: readonly string[];
}
