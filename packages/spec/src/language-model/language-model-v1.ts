import type { CallOptions } from './call-options.js';
import type { GenerateResult } from './generate-result.js';
import type { StreamResult } from './stream-part.js';

/**
 * A model a provider can call. Implemented by the provider packages; used by core, the planner and the proxy,
 * which never know which vendor is behind it.
 */
export interface LanguageModelV1 {
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `openai`, `anthropic`, `google`, `openrouter`. */
  readonly provider: string;
  /** The id sent to the vendor (its native id). */
  readonly modelId: string;
  /** One complete answer. Rejects with `ApiCallError` / `InvalidResponseDataError`. */
  doGenerate(options: CallOptions): PromiseLike<GenerateResult>;
  /**
   * A streamed answer. HTTP errors before the stream starts reject; errors after it started arrive as an
   * `error` part.
   */
  doStream(options: CallOptions): PromiseLike<StreamResult>;
}
