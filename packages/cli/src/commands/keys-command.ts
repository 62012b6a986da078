import { type CommandDef, defineCommand } from 'citty';
import type { CliDeps } from '../cli-deps.js';
import { COMMON_ARGS, defineLazyCommand } from './define-lazy-command.js';

/** Budget flags shared by `keys create` and `teams create`. */
export const BUDGET_FLAGS = {
  budget: { type: 'string', alias: 'b', description: 'Budget in USD per period, e.g. 25 (default: none)' },
  period: { type: 'string', description: 'Budget period: 1d, 7d, 30d, month or none (default none)' },
  maxPerRequest: { type: 'string', description: 'Largest worst case one request may reserve, in USD' },
} as const;

const CREATE_ARGS = {
  name: { type: 'positional', description: 'Name of the key, e.g. "ci bot"', required: true },
  team: { type: 'string', alias: 't', description: 'Team id the key draws from' },
  ...BUDGET_FLAGS,
  models: { type: 'string', description: 'Allowed models, comma-separated globs, e.g. "openai/*,*mini*"' },
  strategies: { type: 'string', description: 'Allowed strategies, comma-separated globs' },
  expires: { type: 'string', description: 'Expiry, an ISO 8601 time such as 2027-01-31T00:00:00Z' },
  ...COMMON_ARGS,
} as const;
const LIST_ARGS = {
  team: { type: 'string', alias: 't', description: 'Only the keys of this team' },
  all: { type: 'boolean', alias: 'a', description: 'Include revoked keys' },
  ...COMMON_ARGS,
} as const;
const ID_ARGS = {
  id: { type: 'positional', description: 'Key id (key_…)', required: true },
  ...COMMON_ARGS,
} as const;

/**
 * `tokenwise keys create|list|show|revoke`: virtual keys in the database of `TOKENWISE_DATABASE_URL`, worked on
 * directly (no running proxy needed).
 */
export function createKeysCommand(deps: CliDeps): CommandDef {
  const load = () => import('./run-keys.js');
  return defineCommand({
    meta: {
      name: 'keys',
      description: 'Create, list, show and revoke virtual keys (TOKENWISE_DATABASE_URL)',
    },
    subCommands: {
      create: defineLazyCommand(deps, {
        name: 'create',
        description: 'Create a key; its secret is printed once and never again',
        args: CREATE_ARGS,
        load: () => load().then((m) => m.runKeysCreate),
      }),
      list: defineLazyCommand(deps, {
        name: 'list',
        description: 'List keys (never their secrets)',
        args: LIST_ARGS,
        load: () => load().then((m) => m.runKeysList),
      }),
      show: defineLazyCommand(deps, {
        name: 'show',
        description: 'Show a key and its spend in the current window, what is left and what is in flight',
        args: ID_ARGS,
        load: () => load().then((m) => m.runKeysShow),
      }),
      revoke: defineLazyCommand(deps, {
        name: 'revoke',
        description: 'Revoke a key for good (every replica refuses it from its next request)',
        args: ID_ARGS,
        load: () => load().then((m) => m.runKeysRevoke),
      }),
    },
  });
}
