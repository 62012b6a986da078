import { type CommandDef, renderUsage, runCommand } from 'citty';
import type { CliDeps } from './cli-deps.js';
import { COMMAND_NAMES, createCli } from './create-cli.js';
import { EXIT_CODES, errorDetails, errorLine, exitCodeFor, isUsageError } from './exit-codes.js';
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
    if (commandName !== undefined && !(COMMAND_NAMES as readonly string[]).includes(commandName)) {
      throw new UnknownCommandError(commandName);
    }
    if (flags.includes('--help') || flags.includes('-h') || commandName === undefined) {
      if (commandName === undefined && flags.some((flag) => flag !== '--help' && flag !== '-h')) {
        throw new UnknownCommandError(undefined);
      }
      io.stdout(await usage(main, commandName, io.color));
      return EXIT_CODES.success;
    }
    await runCommand(main, { rawArgs: args });
    return EXIT_CODES.success;
  } catch (error) {
    const code = exitCodeFor(error);
    if (error instanceof ReportedFailure) return code;
    const { redactSecrets } = await import('@tokenwise/core');
    io.stderr(`${redactSecrets(errorLine(error, commandName))}\n`);
    if (verbose && !isUsageError(error)) io.stderr(`${redactSecrets(errorDetails(error))}\n`);
    return code;
  }
}

async function usage(main: CommandDef, commandName: string | undefined, color: boolean): Promise<string> {
  let text: string;
  if (commandName === undefined) {
    text = await renderUsage(main);
  } else {
    const subCommands = (await resolve(main.subCommands)) as Record<string, unknown>;
    const sub = (await resolve(subCommands[commandName])) as CommandDef;
    text = await renderUsage(sub, main);
  }
  return `${color ? text : stripAnsi(text)}\n`;
}

async function resolve<T>(value: T | (() => T) | (() => Promise<T>) | Promise<T>): Promise<T> {
  return typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value;
}

class UnknownCommandError extends Error {
  constructor(name: string | undefined) {
    super(
      name === undefined
        ? `Expected a command: ${COMMAND_NAMES.join(', ')}.`
        : `Unknown command "${name}" (expected one of ${COMMAND_NAMES.join(', ')}).`,
    );
    // Named like citty's own usage errors, so the one exit-code mapping treats it as a usage error.
    this.name = 'CLIError';
  }
}
