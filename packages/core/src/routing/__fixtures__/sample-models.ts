import type { Capability, ModelInfo, Pricing, Tier } from '@tokenwise/spec';

/** Builds a fixture model; vision models take image input. */
export function sampleModel(
  id: string,
  pricing: Pricing | undefined,
  contextWindow: number,
  capabilities: Capability[],
  tier: Tier,
  maxOutputTokens?: number,
): ModelInfo {
  return {
    id,
    name: id,
    provider: id.split('/')[0]!,
    pricing,
    contextWindow,
    maxOutputTokens,
    capabilities,
    tier,
    inputModalities: capabilities.includes('vision') ? ['text', 'image'] : ['text'],
    supportedParameters: [],
  };
}

const price = (inputPerMillion: number, outputPerMillion: number): Pricing => ({ inputPerMillion, outputPerMillion });

/**
 * The original's test catalogue (Python spec, Appendix A), in its insertion order, which decides ties.
 * Output limits are added (the original had none).
 */
export function sampleModels(): ModelInfo[] {
  return [
    sampleModel('openai/gpt-4.1-mini', price(0.4, 1.6), 1_000_000, ['general', 'code', 'reasoning', 'vision'], 'budget', 32_768),
    sampleModel('openai/gpt-4.1', price(2, 8), 1_000_000, ['general', 'code', 'reasoning', 'vision'], 'mid', 32_768),
    sampleModel('anthropic/claude-sonnet-4', price(3, 15), 200_000, ['general', 'code', 'reasoning', 'vision'], 'mid', 64_000),
    sampleModel('anthropic/claude-opus-4', price(15, 75), 200_000, ['general', 'code', 'reasoning', 'vision'], 'flagship', 32_000),
    sampleModel('openai/o3', price(10, 40), 200_000, ['code', 'reasoning', 'math'], 'flagship', 100_000),
    sampleModel('google/gemini-2.5-flash', price(0.15, 0.6), 1_000_000, ['general', 'code', 'vision'], 'budget', 65_536),
    sampleModel('deepseek/deepseek-chat', price(0.14, 0.28), 128_000, ['general', 'code'], 'budget', 8_192),
  ];
}
