import { redactSecrets } from '@tokenwise/spec';
import { type CommandDef, renderUsage, runCommand } from 'citty';
import type { CliDeps } from './cli-deps.js';
import { CliFailure } from './cli-failure.js';
import { COMMAND_NAMES, createCli } from './create-cli.js';
import {
  EXIT_CODES,
  errorDetails,
  errorLine,
  exitCodeFor,
  isAbortError,
  isUsageError,
} from './exit-codes.js';
import { stripAnsi } from './output/create-colors.js';
import { ReportedFailure } from './reported-failure.js';

/**
 * Runs `tokenwise` with `rawArgs` (without `node` and the script) and resolves to the process exit code: 0 success,
 * 1 the operation failed, 2 a usage error, 130 cancelled. Handles `--help` (on every command), `--version`, and
 * turns every failure into one readable line on stderr (stack traces only with `--verbose` or `DEBUG=tokenwise`).
 * Never calls `process.exit`, so tests can run it in-process.
 */
export async function runCli(deps: CliDeps, rawArgs: readonly string[]): Promise<number> {
  const { io } = deps;
  const main = createCli(deps);
  const args = [...rawArgs];
  const end = args.indexOf('--');
  const flags = end === -1 ? args : args.slice(0, end);
  const commandName = flags.find((arg) => !arg.startsWith('-'));
  const verbose = io.debug || flags.includes('--verbose');
  try {
    if (commandName === undefined && (flags.includes('--version') || flags.includes('-v'))) {
      io.stdout(`${deps.version}\n`);
      return EXIT_CODES.success;
    }
    const known = [...COMMAND_NAMES, ...Object.keys(deps.extraCommands ?? {})];
    if (commandName !== undefined && !known.includes(commandName)) {
      throw new UnknownCommandError(commandName, known);
    }
    if (flags.includes('--help') || flags.includes('-h') || commandName === undefined) {
      if (commandName === undefined && flags.some((flag) => flag !== '--help' && flag !== '-h')) {
        throw new UnknownCommandError(undefined, known);
      }
      io.stdout(await usage(main, flags, io.color));
      return EXIT_CODES.success;
    }
    await runCommand(main, { rawArgs: args });
    return EXIT_CODES.success;
  } catch (error) {
    const code = exitCodeFor(error);
    if (error instanceof ReportedFailure) return code;
    const json = flags.includes('--json');
    // citty colours parts of its own messages (`Unknown command <cyan>nosuch</cyan>`): never in a pipe or JSON.
    const raw = redactSecrets(errorLine(error, commandName));
    const line = io.color && !json ? raw : stripAnsi(raw);
    io.stderr(`${line}\n`);
    // A script asked for JSON: it still gets one document on stdout, saying what failed (even with no command).
    if (json) {
      io.stdout(
        `${JSON.stringify({ error: { type: errorType(error), message: line, exitCode: code } }, null, 2)}\n`,
      );
    }
    if (verbose && !isUsageError(error)) io.stderr(`${redactSecrets(errorDetails(error))}\n`);
    return code;
  }
}

/** A stable name for the kind of failure: the TokenWise error name without its prefix, `usage` or `unexpected`. */
function errorType(error: unknown): string {
  if (error instanceof CliFailure) return error.type;
  if (isUsageError(error) && !(error instanceof Error && error.name.startsWith('Tokenwise'))) return 'usage';
  if (error instanceof Error && error.name.startsWith('Tokenwise')) {
    // TokenwiseNoRouteError → no_route
    return error.name
      .slice('Tokenwise'.length)
      .replace(/Error$/, '')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase();
  }
  return isAbortError(error) ? 'cancelled' : 'unexpected';
}

/** Help for the deepest command the words name: `bench pareto --help` shows `pareto`'s flags, not `bench`'s. */
async function usage(main: CommandDef, flags: readonly string[], color: boolean): Promise<string> {
  let command = main;
  let parent: CommandDef | undefined;
  // citty names a command after its immediate parent only; nested ones (`tokenwise bench pareto`) get the
  // whole path through a parent named after it.
  const path: string[] = [];
  for (const word of flags) {
    if (word.startsWith('-')) continue;
    const subCommands = (await resolve(command.subCommands)) as Record<string, unknown> | undefined;
    const next = subCommands?.[word];
    if (next === undefined) break;
    path.push(((await resolve(command.meta)) as { name?: string } | undefined)?.name ?? '');
    parent = command;
    command = (await resolve(next)) as CommandDef;
  }
  if (parent !== undefined && path.length > 1) {
    const meta = (await resolve(parent.meta)) ?? {};
    parent = { ...parent, meta: { ...meta, name: path.join(' ') } };
  }
  const text = await renderUsage(command, parent);
  return `${color ? text : stripAnsi(text)}\n`;
}

async function resolve<T>(value: T | (() => T) | (() => Promise<T>) | Promise<T>): Promise<T> {
  return typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value;
}

class UnknownCommandError extends Error {
  constructor(name: string | undefined, known: readonly string[]) {
    super(
      name === undefined
        ? `Expected a command: ${known.join(', ')}.`
        : `Unknown command "${name}" (expected one of ${known.join(', ')}).`,
    );
    // Named like citty's own usage errors, so the one exit-code mapping treats it as a usage error.
    this.name = 'CLIError';
  }
}
