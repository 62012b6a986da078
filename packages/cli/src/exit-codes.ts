import {
  InvalidArgumentError,
  LoadApiKeyError,
  ModelNotPricedError,
  NoRouteError,
  TokenwiseError,
} from '@tokenwise/spec';
import { CliFailure } from './cli-failure.js';
import { cliWords } from './output/cli-words.js';
import { ReportedFailure } from './reported-failure.js';

/** Process exit codes of the `tokenwise` command. */
export const EXIT_CODES = Object.freeze({
  /** The command did what was asked. */
  success: 0,
  /** The operation failed: no route, a failed plan, an exhausted budget, a missing key, an upstream error. */
  failure: 1,
  /** The command line or the configuration is wrong (unknown command or flag, a malformed value). */
  usage: 2,
  /** Cancelled with Ctrl-C (128 + SIGINT, the shell convention). */
  interrupted: 130,
});

/** Whether `error` is a problem with how the command was called (or configured), rather than a failure. */
export function isUsageError(error: unknown): boolean {
  // citty reports unknown commands and missing arguments with its own `CLIError` (not exported).
  if (error instanceof Error && error.name === 'CLIError') return true;
  // A model without a price under a budget is fixed in the configuration (model_overrides).
  return InvalidArgumentError.isInstance(error) || ModelNotPricedError.isInstance(error);
}

/** Whether `error` is a cancellation (Ctrl-C aborted the command's signal). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** THE mapping from a thrown error to the exit code; every command goes through it. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ReportedFailure) return error.exitCode;
  if (error instanceof CliFailure) return error.exitCode;
  if (isUsageError(error)) return EXIT_CODES.usage;
  if (isAbortError(error)) return EXIT_CODES.interrupted;
  return EXIT_CODES.failure;
}

/**
 * The one readable line for a failure. TokenWise errors already say what to do; anything else is unexpected and
 * points at `--verbose`. The caller redacts secrets before printing.
 */
export function errorLine(error: unknown, command: string | undefined): string {
  const where = command ? `tokenwise ${command}` : 'tokenwise';
  if (error instanceof CliFailure) return `${where}: ${error.message}`;
  if (isUsageError(error)) {
    const raw = error instanceof Error ? error.message : String(error);
    const message = /[.!?]$/.test(raw.trim()) ? raw.trim() : `${raw.trim()}.`;
    // An unknown command has no help of its own: point at the command list instead.
    const help = message.startsWith('Unknown command') ? 'tokenwise --help' : `${where} --help`;
    return `${where}: ${message} Run "${help}" for usage.`;
  }
  if (NoRouteError.isInstance(error)) {
    // The library's hints name `budgetStrict`, `minTier` and friends, options the CLI does not have.
    return `${where}: ${cliWords(error.message)}`;
  }
  if (isAbortError(error)) return `${where}: cancelled.`;
  if (LoadApiKeyError.isInstance(error)) {
    // The library message says "or pass apiKey", which a CLI user cannot do.
    return `${where}: missing API key for ${error.provider}: set ${error.environmentVariableName} in the environment (or in ~/.config/tokenwise/config.yaml) and run again.`;
  }
  if (TokenwiseError.isInstance(error)) return `${where}: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${where}: unexpected error: ${message} (run again with --verbose or DEBUG=tokenwise for details)`;
}

/** The stack trace and `cause` chain, for `--verbose`. */
export function errorDetails(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(
      depth === 0
        ? String((current as Error)?.stack ?? current)
        : `Caused by: ${String((current as Error)?.stack ?? current)}`,
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}
