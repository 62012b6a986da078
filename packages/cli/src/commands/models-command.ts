import type { CommandDef } from 'citty';
import type { CliDeps } from '../cli-deps.js';
import { COMMON_ARGS, defineLazyCommand } from './define-lazy-command.js';

const MODELS_ARGS = {
  capability: { type: 'string', alias: 'c', description: 'Only models with this capability' },
  tier: { type: 'string', alias: 't', description: 'Only this tier: budget, mid or flagship' },
  search: { type: 'string', alias: 'q', description: 'Only ids or names containing this text' },
  limit: { type: 'string', alias: 'n', description: 'Show at most this many models (default 20)' },
  all: {
    type: 'boolean',
    alias: 'a',
    description:
      'Also list free (:free) models and router ids with no fixed price, which routing never picks',
  },
  refresh: { type: 'boolean', description: 'Load the live OpenRouter catalog first (needs network)' },
  ...COMMON_ARGS,
} as const;

/** `tokenwise models`: the catalog, filtered, strongest tier first. */
export function createModelsCommand(deps: CliDeps): CommandDef<typeof MODELS_ARGS> {
  return defineLazyCommand(deps, {
    name: 'models',
    description: 'List the models TokenWise can route to, with tiers, prices and capabilities',
    args: MODELS_ARGS,
    load: () => import('./run-models.js').then((m) => m.runModels),
  });
}
