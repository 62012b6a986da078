import type { LanguageModelV1 } from '../language-model/language-model-v1.js';

/** A vendor adapter: hands out models by the vendor's native id. */
export interface ProviderV1 {
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `openai`. */
  readonly id: string;
  /** A model by its native id; unknown ids pass through to the vendor unchanged. */
  languageModel(modelId: string): LanguageModelV1;
}
