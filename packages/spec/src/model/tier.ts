/** Price/quality class of a model. Escalation only ever moves up this list. */
export type Tier = 'budget' | 'mid' | 'flagship';

/** Tiers from cheapest to strongest. */
export const TIERS: readonly Tier[] = ['budget', 'mid', 'flagship'];

/** Position of a tier in {@link TIERS}: budget 0, mid 1, flagship 2. */
export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}
