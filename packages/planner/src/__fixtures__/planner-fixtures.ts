import { createModelRegistry, createProviderResolver, retryPolicy } from '@tokenwise/core';
import { createOpenAI } from '@tokenwise/providers-openai';
import type { Capability, ModelInfo, Pricing, Tier } from '@tokenwise/spec';
import { createOpenAIMockUpstream, type MockCall, openaiText } from '@tokenwise/testkit';

/** A catalog model for tests. */
export function testModel(
  id: string,
  pricing: Pricing | undefined,
  capabilities: Capability[],
  tier: Tier,
  maxOutputTokens = 32_768,
  contextWindow = 200_000,
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
    inputModalities: ['text'],
    supportedParameters: [],
  };
}

const price = (inputPerMillion: number, outputPerMillion: number): Pricing => ({
  inputPerMillion,
  outputPerMillion,
});

/** The original's test catalogue (Python spec, Appendix A), in its order. */
export function appendixModels(): ModelInfo[] {
  return [
    testModel('openai/gpt-4.1-mini', price(0.4, 1.6), ['general', 'code', 'reasoning', 'vision'], 'budget'),
    testModel('openai/gpt-4.1', price(2, 8), ['general', 'code', 'reasoning', 'vision'], 'mid'),
    testModel('anthropic/claude-sonnet-4', price(3, 15), ['general', 'code', 'reasoning', 'vision'], 'mid', 64_000),
    testModel('anthropic/claude-opus-4', price(15, 75), ['general', 'code', 'reasoning', 'vision'], 'flagship'),
    testModel('openai/o3', price(10, 40), ['code', 'reasoning', 'math'], 'flagship', 100_000),
    testModel('google/gemini-2.5-flash', price(0.15, 0.6), ['general', 'code', 'vision'], 'budget', 65_536),
    testModel('deepseek/deepseek-chat', price(0.14, 0.28), ['general', 'code'], 'budget', 8_192),
  ];
}

/**
 * A registry of the Appendix A models, one OpenAI mock upstream answering for every vendor (through the real
 * OpenAI provider, in-process fetch), a resolver, and a retry policy that does not sleep.
 */
export function createHarness(models: ModelInfo[] = appendixModels()) {
  const upstream = createOpenAIMockUpstream();
  const provider = createOpenAI({
    apiKey: 'sk-test-not-a-real-key',
    baseURL: 'http://mock.test/v1',
    fetch: upstream.fetch,
  });
  const registry = createModelRegistry({ models });
  // Registered as the OpenRouter route, so the upstream sees full catalog ids (`openai/gpt-4.1-mini`).
  const resolver = createProviderResolver({ providers: { openrouter: provider }, registry });
  const sleeps: number[] = [];
  const retry = retryPolicy({
    jitter: false,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { upstream, provider, registry, resolve: resolver.resolve, retry, sleeps };
}

/** The catalog model id a mock call was sent. */
export function calledModel(call: MockCall): string {
  return String((call.bodyJson as { model?: unknown }).model);
}

/** The last user text of a mock call. */
export function calledPrompt(call: MockCall): string {
  const messages = (call.bodyJson as { messages: Array<{ role: string; content: unknown }> }).messages;
  const last = messages.filter((message) => message.role === 'user').at(-1)!;
  return typeof last.content === 'string'
    ? last.content
    : (last.content as Array<{ text?: string }>).map((part) => part.text ?? '').join('');
}

/** A JSON planner answer in the prompt's format. */
export function plannerAnswer(steps: unknown[], usage = { inputTokens: 400, outputTokens: 200 }) {
  return openaiText(JSON.stringify(steps), { usage });
}

/** A hand-built plan: steps default to gpt-4.1-mini, 500/500 tokens, sequential ids, no dependencies. */
export function makePlan(
  steps: Array<Partial<import('../types/plan.js').PlanStep>>,
  budget: bigint,
  plannerCost = 0n,
): import('../types/plan.js').Plan {
  return {
    task: 'test task',
    steps: steps.map((step, index) => ({
      id: index + 1,
      description: `step ${index + 1} task`,
      modelId: 'openai/gpt-4.1-mini',
      requiredCapabilities: [],
      estimatedInputTokens: 500,
      estimatedOutputTokens: 500,
      estimatedCost: 0n,
      dependsOn: [],
      ...step,
    })),
    budget,
    plannerCost,
    totalEstimatedCost: 0n,
    withinBudget: true,
    source: 'llm',
    notes: [],
  };
}
