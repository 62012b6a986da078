import type { LedgerRecord } from '@tokenwise/spec';
import { TokenwiseError } from '@tokenwise/spec';

const name = 'TokenwiseLedgerWriteError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A ledger record could not be written (unwritable path, full disk). The record is kept on the error so the
 * caller can retry or report it; nothing in memory is lost.
 */
export class LedgerWriteError extends TokenwiseError {
  private readonly [symbol] = true;
  /** The ledger file. */
  readonly path: string;
  /** The record that was not written. */
  readonly record: LedgerRecord;

  constructor(options: { path: string; record: LedgerRecord; cause?: unknown }) {
    const code = (options.cause as { code?: unknown } | undefined)?.code;
    const fileType = (options.cause as { fileType?: unknown } | undefined)?.fileType;
    const why =
      typeof code === 'string' ? ` (${code})` : typeof fileType === 'string' ? ` (${fileType})` : '';
    super({
      name,
      message: `Cannot write the ledger file ${options.path}${why}: make it writable or set TOKENWISE_LEDGER_PATH to a writable file.`,
      cause: options.cause,
    });
    this.path = options.path;
    this.record = options.record;
  }

  /** True for a `LedgerWriteError` from any copy of this package. */
  static override isInstance(error: unknown): error is LedgerWriteError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
