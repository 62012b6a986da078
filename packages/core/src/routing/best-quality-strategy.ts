import type { RouteStrategy } from './route-strategy.js';

/**
 * `best_quality` (the original's rule, spec §4.2): the highest tier with an affordable model — a flagship
 * always beats a cheaper tier when one fits the budget — and within that tier the highest input price, the
 * original's quality signal; then catalog order.
 */
export const bestQualityStrategy: RouteStrategy = {
  name: 'best_quality',
  description: 'highest tier within budget, then the highest-priced (strongest) model of that tier',
  prefers(candidate, incumbent, { table }) {
    const candidateTier = table.tierRank[candidate]!;
    const incumbentTier = table.tierRank[incumbent]!;
    if (candidateTier !== incumbentTier) return candidateTier > incumbentTier;
    return table.inputPerMillion[candidate]! > table.inputPerMillion[incumbent]!;
  },
};
