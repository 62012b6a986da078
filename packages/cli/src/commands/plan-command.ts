import type { CommandDef } from 'citty';
import type { CliDeps } from '../cli-deps.js';
import { COMMON_ARGS, defineLazyCommand } from './define-lazy-command.js';

const PLAN_ARGS = {
  task: { type: 'positional', description: 'The task to decompose (quote it)', required: true },
  budget: {
    type: 'string',
    alias: 'b',
    description:
      'Ceiling in USD for planning and execution together (default: TOKENWISE_DEFAULT_BUDGET, else 1.00)',
  },
  execute: {
    type: 'boolean',
    alias: 'x',
    description: 'Run the plan with live progress and save it to the ledger',
  },
  concurrency: { type: 'string', description: 'Steps run at once when executing (default 4)' },
  ...COMMON_ARGS,
} as const;

/** `tokenwise plan TASK`: decompose a task into steps with models and costs; `--execute` runs it. */
export function createPlanCommand(deps: CliDeps): CommandDef<typeof PLAN_ARGS> {
  return defineLazyCommand(deps, {
    name: 'plan',
    description: 'Decompose a task into steps within a budget; --execute runs them (calls LLMs)',
    args: PLAN_ARGS,
    load: () => import('./run-plan.js').then((m) => m.runPlan),
  });
}
