import { type CommandDef, defineCommand } from 'citty';
import type { BenchDeps } from './bench-deps.js';
import { createParetoCommand } from './create-pareto-command.js';

/** Options of {@link createBenchCommand}. */
export interface BenchCommandMeta {
  version?: string;
  /**
   * The words that invoke the command, shown in usage headers (citty prefixes a sub-command with its parent's
   * name: `<name> pareto`). Default `bench`, the name under which `tokenwise` mounts it; the `tokenwise-bench`
   * bin passes its own name so its help reads `tokenwise-bench pareto`.
   */
  name?: string;
}

/**
 * The `bench` command family as a citty command: mount it as `tokenwise bench`, or run it as the
 * `tokenwise-bench` bin. Sub-commands: `pareto`.
 */
export function createBenchCommand(deps: BenchDeps, meta: BenchCommandMeta = {}): CommandDef {
  return defineCommand({
    meta: {
      name: meta.name ?? 'bench',
      ...(meta.version === undefined ? {} : { version: meta.version }),
      description:
        'Benchmarks with your own keys: which models and strategies give the most success per dollar',
    },
    subCommands: {
      pareto: () => createParetoCommand(deps) as CommandDef,
    },
  });
}
