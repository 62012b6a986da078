import type { RouteStrategy } from './route-strategy.js';

/**
 * `cheapest`: the lowest expected cost of the whole call — counted input plus expected output plus any
 * per-request fee. Unlike the original (input price only, spec §14.1 item 10), a model with cheap input but
 * expensive output loses an output-heavy call. Unpriced models (only with `allowUnpriced`) rank last.
 */
export const cheapestStrategy: RouteStrategy = {
  name: 'cheapest',
  description: 'lowest expected cost of the whole call (input + expected output)',
  prefers(candidate, incumbent, { table }) {
    return table.expectedCost[candidate]! < table.expectedCost[incumbent]!;
  },
};
