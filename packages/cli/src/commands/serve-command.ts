import type { CommandDef } from 'citty';
import type { CliDeps } from '../cli-deps.js';
import { COMMON_ARGS, defineLazyCommand } from './define-lazy-command.js';

const SERVE_ARGS = {
  host: { type: 'string', description: 'Address to bind (default: TOKENWISE_PROXY_HOST, else 127.0.0.1)' },
  port: {
    type: 'string',
    alias: 'p',
    description: 'Port (default: TOKENWISE_PROXY_PORT, else 8000; 0 = any free port)',
  },
  ...COMMON_ARGS,
} as const;

/** `tokenwise serve`: the OpenAI-compatible proxy, the same server as `apps/proxy`. */
export function createServeCommand(deps: CliDeps): CommandDef<typeof SERVE_ARGS> {
  return defineLazyCommand(deps, {
    name: 'serve',
    description: 'Run the OpenAI-compatible proxy (POST /v1/chat/completions) until Ctrl-C',
    args: SERVE_ARGS,
    load: () => import('./run-serve.js').then((m) => m.runServe),
  });
}
