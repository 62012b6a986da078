import { InvalidArgumentError } from '@tokenwise/spec';
import { type ArgsDef, type CommandDef, defineCommand } from 'citty';
import type { CliDeps } from '../cli-deps.js';

/** Flags every command takes. */
export const COMMON_ARGS = {
  json: {
    type: 'boolean',
    description: 'Print one JSON document on stdout (progress and warnings go to stderr)',
  },
  verbose: {
    type: 'boolean',
    description: 'Say which model catalog answered, and show stack traces of failures (also DEBUG=tokenwise)',
  },
} as const satisfies ArgsDef;

/** Parsed arguments as a command body sees them: positionals in `_`, flags by name (values still unchecked). */
export interface CommandArgs {
  _: string[];
  [flag: string]: unknown;
}

/** The body of a command, loaded only when the command runs; it validates its own flag values. */
export type CommandBody = (deps: CliDeps, args: CommandArgs) => Promise<void>;

/**
 * A command whose help and argument checks need nothing heavy, and whose body (which imports core, the ledger
 * or providers) is imported only when it runs. `tokenwise --help` therefore loads no command body at all.
 */
export function defineLazyCommand<T extends ArgsDef>(
  deps: CliDeps,
  definition: { name: string; description: string; args: T; load: () => Promise<CommandBody> },
): CommandDef<T> {
  return defineCommand<T>({
    meta: { name: definition.name, description: definition.description },
    args: definition.args,
    async run({ args, rawArgs }) {
      assertKnownFlags(rawArgs, definition.args);
      const body = await definition.load();
      await body(deps, args as CommandArgs);
    },
  });
}

/**
 * citty ignores unknown flags; a mistyped `--budgte 0.01` must not silently run without a budget, so it is a
 * usage error here.
 */
export function assertKnownFlags(rawArgs: readonly string[], args: ArgsDef): void {
  const known = new Set<string>(['help', 'h']);
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    for (const alias of [name, ...toArray((def as { alias?: string | string[] }).alias)]) {
      known.add(alias);
      known.add(alias.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
      if (def.type === 'boolean') known.add(`no-${alias}`);
    }
  }
  for (const token of rawArgs) {
    if (token === '--') break;
    if (!token.startsWith('-') || /^-\d/.test(token)) continue;
    const name = token.replace(/^--?/, '').split('=')[0]!;
    if (!known.has(name)) {
      throw new InvalidArgumentError({ argument: token, message: `Unknown option ${token.split('=')[0]}.` });
    }
  }
}

function toArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
