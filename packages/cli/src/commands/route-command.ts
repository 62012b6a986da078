import type { CommandDef } from 'citty';
import type { CliDeps } from '../cli-deps.js';
import { COMMON_ARGS, defineLazyCommand } from './define-lazy-command.js';

const ROUTE_ARGS = {
  query: { type: 'positional', description: 'The prompt to route (quote it)', required: true },
  strategy: {
    type: 'string',
    alias: 's',
    description: 'cheapest, balanced or best_quality (default: TOKENWISE_DEFAULT_STRATEGY, else balanced)',
  },
  budget: {
    type: 'string',
    alias: 'b',
    description: 'Ceiling in USD for this call, e.g. 0.05 (default: TOKENWISE_DEFAULT_BUDGET, else 1.00)',
  },
  capability: {
    type: 'string',
    alias: 'c',
    description: 'Required capability: code, reasoning, math, general, vision',
  },
  explain: { type: 'boolean', alias: 'e', description: 'Also list the models passed over and why' },
  ...COMMON_ARGS,
} as const;

/** `tokenwise route QUERY`: which model would answer, at what expected cost, and why. Offline. */
export function createRouteCommand(deps: CliDeps): CommandDef<typeof ROUTE_ARGS> {
  return defineLazyCommand(deps, {
    name: 'route',
    description: 'Choose the model for a prompt within a budget (offline; calls no LLM)',
    args: ROUTE_ARGS,
    load: () => import('./run-route.js').then((m) => m.runRoute),
  });
}
