import { type CommandDef, defineCommand } from 'citty';
import type { BenchDeps } from './bench-deps.js';
import { createParetoCommand } from './create-pareto-command.js';

/**
 * The `bench` command family as a citty command: mount it as `tokenwise bench`, or run it as the
 * `tokenwise-bench` bin. Sub-commands: `pareto`.
 */
export function createBenchCommand(deps: BenchDeps, meta: { version?: string } = {}): CommandDef {
  return defineCommand({
    meta: {
      name: 'bench',
      ...(meta.version === undefined ? {} : { version: meta.version }),
      description:
        'Benchmarks with your own keys: which models and strategies give the most success per dollar',
    },
    subCommands: {
      pareto: () => createParetoCommand(deps) as CommandDef,
    },
  });
}
