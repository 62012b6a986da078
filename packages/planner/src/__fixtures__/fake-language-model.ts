import type { CallOptions, GenerateResult, LanguageModelV1 } from '@tokenwise/spec';

/** A scripted in-process model: `answer` decides each call's outcome (throw for an upstream error). */
export function fakeLanguageModel(
  modelId: string,
  answer: (options: CallOptions) => Promise<GenerateResult> | GenerateResult,
): LanguageModelV1 {
  return {
    specificationVersion: 'v1',
    provider: 'fake',
    modelId,
    doGenerate: async (options) => answer(options),
    doStream: () => Promise.reject(new Error('streaming is not used by the executor')),
  };
}

/** A successful result with the given text and usage. */
export function fakeResult(
  text: string,
  usage: { inputTokens?: number; outputTokens?: number },
  finish: 'stop' | 'length' = 'stop',
): GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: finish, raw: finish },
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
    warnings: [],
  };
}
