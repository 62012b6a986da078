import type { Complexity } from '@tokenwise/spec';
import type { RouteStrategy } from './route-strategy.js';

const TARGET_TIER: Readonly<Record<Complexity, number>> = { simple: 0, moderate: 1, complex: 2 };

/**
 * `balanced` (the original's rule, spec §4.2): the prompt's complexity picks a target tier — simple → budget,
 * moderate → mid, complex → flagship — and the cheapest affordable model of that tier wins. "Cheapest" is the
 * expected cost of the whole call here (the original compared input price only). When the target tier has no
 * affordable model, the original fell back to the cheapest model overall; we take the nearest tier instead
 * (the lower one on a tie), so a complex prompt whose flagship is over budget gets a mid model rather than
 * the cheapest budget one.
 */
export const balancedStrategy: RouteStrategy = {
  name: 'balanced',
  description:
    'cheapest model of the tier matching the complexity (simple→budget, moderate→mid, complex→flagship)',
  prefers(candidate, incumbent, { table, complexity }) {
    const target = TARGET_TIER[complexity] ?? 1;
    const candidateTier = table.tierRank[candidate]!;
    const incumbentTier = table.tierRank[incumbent]!;
    const candidateDistance = Math.abs(candidateTier - target);
    const incumbentDistance = Math.abs(incumbentTier - target);
    if (candidateDistance !== incumbentDistance) return candidateDistance < incumbentDistance;
    if (candidateTier !== incumbentTier) return candidateTier < incumbentTier;
    return table.expectedCost[candidate]! < table.expectedCost[incumbent]!;
  },
};
