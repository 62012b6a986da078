import type { Capability, ModelInfo, Tier } from '@tokenwise/spec';

// The original's SAMPLE_MODELS (spec Appendix A), in its insertion order.
function model(
  id: string,
  name: string,
  input: number,
  output: number,
  contextWindow: number,
  capabilities: Capability[],
  tier: Tier,
): ModelInfo {
  return {
    id,
    name,
    provider: id.split('/')[0]!,
    pricing: { inputPerMillion: input, outputPerMillion: output },
    contextWindow,
    maxOutputTokens: undefined,
    capabilities,
    tier,
    inputModalities: capabilities.includes('vision') ? ['text', 'image'] : ['text'],
    supportedParameters: [],
  };
}

export const SAMPLE_MODELS: readonly ModelInfo[] = [
  model('openai/gpt-4.1-mini', 'GPT-4.1 Mini', 0.4, 1.6, 1_000_000, ['general', 'code', 'reasoning', 'vision'], 'budget'),
  model('openai/gpt-4.1', 'GPT-4.1', 2, 8, 1_000_000, ['general', 'code', 'reasoning', 'vision'], 'mid'),
  model('anthropic/claude-sonnet-4', 'Claude Sonnet 4', 3, 15, 200_000, ['general', 'code', 'reasoning', 'vision'], 'mid'),
  model('anthropic/claude-opus-4', 'Claude Opus 4', 15, 75, 200_000, ['general', 'code', 'reasoning', 'vision'], 'flagship'),
  model('openai/o3', 'o3', 10, 40, 200_000, ['code', 'reasoning', 'math'], 'flagship'),
  model('google/gemini-2.5-flash', 'Gemini 2.5 Flash', 0.15, 0.6, 1_000_000, ['general', 'code', 'vision'], 'budget'),
  model('deepseek/deepseek-chat', 'DeepSeek V3', 0.14, 0.28, 128_000, ['general', 'code'], 'budget'),
];

/** A minimal OpenRouter `/models` entry; `overrides` replace top-level fields. */
export function openRouterEntry(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: id,
    context_length: 128_000,
    architecture: { input_modalities: ['text'], output_modalities: ['text'] },
    pricing: { prompt: '0.000001', completion: '0.000002' },
    top_provider: { context_length: 128_000, max_completion_tokens: 16_384 },
    supported_parameters: ['max_tokens', 'temperature'],
    ...overrides,
  };
}
