import { InvalidArgumentError, STRATEGIES, type Strategy } from '@tokenwise/spec';
import { balancedStrategy } from './balanced-strategy.js';
import { bestQualityStrategy } from './best-quality-strategy.js';
import { cheapestStrategy } from './cheapest-strategy.js';
import type { RouteStrategy } from './route-strategy.js';

/** The built-in strategies by name. */
export const ROUTE_STRATEGIES: Readonly<Record<Strategy, RouteStrategy>> = {
  cheapest: cheapestStrategy,
  balanced: balancedStrategy,
  best_quality: bestQualityStrategy,
};

/**
 * The strategy object for a name (or the object itself).
 * @throws InvalidArgumentError for an unknown name, listing the valid ones.
 */
export function resolveStrategy(strategy: Strategy | RouteStrategy | string): RouteStrategy {
  if (typeof strategy === 'object' && strategy !== null) return strategy;
  if (Object.hasOwn(ROUTE_STRATEGIES, strategy)) return ROUTE_STRATEGIES[strategy as Strategy];
  throw new InvalidArgumentError({
    argument: 'strategy',
    message: `Unknown strategy "${String(strategy)}": use one of ${STRATEGIES.join(', ')}.`,
  });
}
