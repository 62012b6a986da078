import { createOpenAI } from './openai-provider.js';

/**
 * Proves an installed copy of this package works without a network: a provider with a fake key and a fake
 * `fetch` answering one documented Chat Completions response. Resolves to `'ok'`.
 */
export async function smokeCheck(): Promise<'ok'> {
  const provider = createOpenAI({
    apiKey: 'sk-smoke-check',
    fetch: async () =>
      Response.json({
        id: 'chatcmpl-smoke',
        object: 'chat.completion',
        created: 0,
        model: 'gpt-4.1-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      }),
  });
  const result = await provider('gpt-4.1-mini').doGenerate({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  });
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  if (text !== 'Hello!' || result.usage.totalTokens !== 8) {
    throw new Error(`smokeCheck: unexpected result ${JSON.stringify(result.content)}`);
  }
  return 'ok';
}
