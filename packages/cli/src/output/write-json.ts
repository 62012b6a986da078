import type { CliIo } from '../cli-deps.js';

/** Prints one JSON document on stdout; bigint amounts must be converted by the caller (they are not JSON). */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
