import { TokenwiseError } from '@tokenwise/spec';

const name = 'TokenwiseForbiddenRequestError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A request refused by a door guard: a browser `Origin` that is not allowed (a web page trying to spend the
 * user's keys), or a `Host` that is not a loopback name while the proxy listens on loopback (DNS rebinding).
 * Doors answer 403 in their own shape.
 */
export class ForbiddenRequestError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly reason: 'origin' | 'host';

  constructor({ reason, message }: { reason: 'origin' | 'host'; message: string }) {
    super({ name, message });
    this.reason = reason;
  }

  /** True for a `ForbiddenRequestError` from any copy of this package. */
  static override isInstance(error: unknown): error is ForbiddenRequestError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
