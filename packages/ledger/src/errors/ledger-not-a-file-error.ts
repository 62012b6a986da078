import { TokenwiseError } from '@tokenwise/spec';

const name = 'TokenwiseLedgerNotAFileError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The ledger path names something other than a regular file (a FIFO, a device such as `/dev/zero` or
 * `/dev/full`, a directory, a socket). Refused at once, for reading and appending: reading a device never ends
 * and a FIFO blocks until a writer comes.
 */
export class LedgerNotAFileError extends TokenwiseError {
  private readonly [symbol] = true;
  /** The ledger path. */
  readonly path: string;
  /** What the path is instead, e.g. `a FIFO`, `a character device`. */
  readonly fileType: string;

  constructor(options: { path: string; fileType: string }) {
    super({
      name,
      message: `The ledger path ${options.path} is ${options.fileType}, not a regular file: set TOKENWISE_LEDGER_PATH to a file.`,
    });
    this.path = options.path;
    this.fileType = options.fileType;
  }

  /** True for a `LedgerNotAFileError` from any copy of this package. */
  static override isInstance(error: unknown): error is LedgerNotAFileError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
