import { TokenwiseError } from '@tokenwise/spec';

const name = 'TokenwiseClientClosedRequestError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The client went away before its request was read in full (a dropped upload). Not a proxy fault: doors answer
 * 499 `client_closed_request` (nobody reads it) and the ledger records the request as aborted.
 */
export class ClientClosedRequestError extends TokenwiseError {
  private readonly [symbol] = true;

  constructor({ cause }: { cause?: unknown } = {}) {
    super({ name, message: 'The client closed the connection before the request body was read.', cause });
  }

  /** True for a `ClientClosedRequestError` from any copy of this package. */
  static override isInstance(error: unknown): error is ClientClosedRequestError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
