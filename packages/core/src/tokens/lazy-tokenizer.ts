import { boundTextTokens } from './bound-text-tokens.js';
import { loadTokenizer, type Tokenizer, type TokenizerEncoding } from './tokenizer.js';

/** A tokenizer whose rank tables are loaded on first need rather than at start-up. */
export interface LazyTokenizer extends Tokenizer {
  /** Whether the tables are in memory, i.e. counts are exact. */
  readonly loaded: boolean;
  /** Loads the tables once (later calls share the first load); counts are exact once it resolves. */
  load(): Promise<void>;
}

/**
 * A {@link Tokenizer} that holds no tables until asked: each encoding costs tens of MiB of heap (o200k_base
 * ~20 MiB, cl100k_base ~10 MiB), which an idle server, or one that never sees a model of that encoding, should
 * not pay. Call `load()` before counting where exactness matters (the proxy awaits it before its first model
 * call). A count asked before the tables are in starts the load and answers {@link boundTextTokens}, the
 * table-free upper bound, so a reservation made meanwhile is too high, never too low.
 */
export function createLazyTokenizer(
  encoding: TokenizerEncoding,
  load: (encoding: TokenizerEncoding) => Promise<Tokenizer> = loadTokenizer,
): LazyTokenizer {
  let tokenizer: Tokenizer | undefined;
  let loading: Promise<void> | undefined;
  const start = (): Promise<void> => {
    loading ??= load(encoding).then(
      (loaded) => {
        tokenizer = loaded;
      },
      (error: unknown) => {
        // A failed load may be retried by the next caller.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return {
    encoding,
    get loaded() {
      return tokenizer !== undefined;
    },
    load: start,
    countTokens(text) {
      if (tokenizer !== undefined) return tokenizer.countTokens(text);
      start().catch(() => {});
      return text === '' ? 0 : boundTextTokens(text);
    },
  };
}
