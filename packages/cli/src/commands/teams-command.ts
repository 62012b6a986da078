import { type CommandDef, defineCommand } from 'citty';
import type { CliDeps } from '../cli-deps.js';
import { COMMON_ARGS, defineLazyCommand } from './define-lazy-command.js';
import { BUDGET_FLAGS } from './keys-command.js';

const CREATE_ARGS = {
  name: { type: 'positional', description: 'Name of the team', required: true },
  ...BUDGET_FLAGS,
  ...COMMON_ARGS,
} as const;
const ID_ARGS = {
  id: { type: 'positional', description: 'Team id (team_…)', required: true },
  ...COMMON_ARGS,
} as const;

/** `tokenwise teams create|list|show`: teams (budgets their keys draw from) in the database. */
export function createTeamsCommand(deps: CliDeps): CommandDef {
  const load = () => import('./run-keys.js');
  return defineCommand({
    meta: { name: 'teams', description: 'Create, list and show teams (TOKENWISE_DATABASE_URL)' },
    subCommands: {
      create: defineLazyCommand(deps, {
        name: 'create',
        description: 'Create a team with a budget its keys draw from',
        args: CREATE_ARGS,
        load: () => load().then((m) => m.runTeamsCreate),
      }),
      list: defineLazyCommand(deps, {
        name: 'list',
        description: 'List teams',
        args: COMMON_ARGS,
        load: () => load().then((m) => m.runTeamsList),
      }),
      show: defineLazyCommand(deps, {
        name: 'show',
        description: 'Show a team and its spend in the current window',
        args: ID_ARGS,
        load: () => load().then((m) => m.runTeamsShow),
      }),
    },
  });
}
