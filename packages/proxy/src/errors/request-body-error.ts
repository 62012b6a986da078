import { TokenwiseError } from '@tokenwise/spec';

const name = 'TokenwiseRequestBodyError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/** Why a request body was not accepted. */
export type RequestBodyErrorKind =
  | 'unsupported_media_type'
  | 'too_large'
  | 'empty'
  | 'invalid_json'
  | 'too_deep';

/**
 * A request body that `readJsonBody` refused, before any model is involved. Doors map it to their own error
 * shape (the OpenAI door: 415, 413 or 400 `invalid_request_error`); `kind` says which, `limit` gives the bound
 * that was crossed (bytes or nesting depth).
 */
export class RequestBodyError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly kind: RequestBodyErrorKind;
  readonly limit: number | undefined;

  constructor({ kind, message, limit }: { kind: RequestBodyErrorKind; message: string; limit?: number }) {
    super({ name, message });
    this.kind = kind;
    this.limit = limit;
  }

  /** True for a `RequestBodyError` from any copy of this package. */
  static override isInstance(error: unknown): error is RequestBodyError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
