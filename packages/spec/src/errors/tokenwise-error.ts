const marker = 'tokenwise.error';
const symbol = Symbol.for(marker);

/**
 * Base of every error TokenWise throws. Recognise errors with the static `isInstance` methods rather than
 * `instanceof`, which fails when two copies of a package are installed.
 */
export class TokenwiseError extends Error {
  private readonly [symbol] = true;

  /** Creates an error; `cause` keeps the underlying error (already redacted by whoever wraps it). */
  constructor({ name, message, cause }: { name: string; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
  }

  /** True for any TokenWise error, from any copy of this package. */
  static isInstance(error: unknown): error is TokenwiseError {
    return TokenwiseError.hasMarker(error, marker);
  }

  /** Marker check shared by the subclasses. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}
