import { type CommandDef, defineCommand } from 'citty';
import type { CliDeps } from './cli-deps.js';

/** The sub-command names, in help order. */
export const COMMAND_NAMES = ['route', 'plan', 'models', 'ledger', 'serve', 'keys', 'teams'] as const;

/**
 * The `tokenwise` command tree as citty commands closed over `deps`. Sub-commands load lazily, and each command's
 * body loads only when it runs. Run it with {@link runCli} (exit codes, help, errors), not citty's `runMain`.
 */
export function createCli(deps: CliDeps): CommandDef {
  return defineCommand({
    meta: {
      name: 'tokenwise',
      version: deps.version,
      description:
        'TokenWise: budget-aware LLM routing, task planning with hard budget ceilings, a cost ledger and an OpenAI-compatible proxy',
    },
    subCommands: {
      route: () => import('./commands/route-command.js').then((m) => m.createRouteCommand(deps)),
      plan: () => import('./commands/plan-command.js').then((m) => m.createPlanCommand(deps)),
      models: () => import('./commands/models-command.js').then((m) => m.createModelsCommand(deps)),
      ledger: () => import('./commands/ledger-command.js').then((m) => m.createLedgerCommand(deps)),
      serve: () => import('./commands/serve-command.js').then((m) => m.createServeCommand(deps)),
      keys: () => import('./commands/keys-command.js').then((m) => m.createKeysCommand(deps)),
      teams: () => import('./commands/teams-command.js').then((m) => m.createTeamsCommand(deps)),
      ...deps.extraCommands,
    },
  });
}
