import { createOpenRouter } from './openrouter-provider.js';

/**
 * Proves an installed copy of this package works without a network: a provider with a fake key and a fake
 * `fetch` answering one documented OpenRouter response (with `usage.cost`). Resolves to `'ok'`.
 */
export async function smokeCheck(): Promise<'ok'> {
  const provider = createOpenRouter({
    apiKey: 'sk-or-smoke-check',
    fetch: async () =>
      Response.json({
        id: 'gen-smoke',
        object: 'chat.completion',
        created: 0,
        model: 'openai/gpt-4.1-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8, cost: 0.0000068 },
      }),
  });
  const result = await provider('openai/gpt-4.1-mini').doGenerate({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  });
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  if (text !== 'Hello!' || result.usage.reportedCostUsd !== 0.0000068) {
    throw new Error(`smokeCheck: unexpected result ${JSON.stringify(result.content)}`);
  }
  return 'ok';
}
