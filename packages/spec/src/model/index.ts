export { CAPABILITIES, type Capability } from './capability.js';
export type { ModelInfo } from './model-info.js';
export type { Pricing } from './pricing.js';
export { TIERS, type Tier, tierRank } from './tier.js';
