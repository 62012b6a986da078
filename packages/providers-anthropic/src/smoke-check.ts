import { createAnthropic } from './anthropic-provider.js';

/**
 * Proves the package works end to end without network or credentials: one `doGenerate` against an in-memory
 * `fetch` that answers like the Messages API, with an explicit fake key. Resolves to `'ok'` or rejects.
 */
export async function smokeCheck(): Promise<'ok'> {
  const fakeFetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.endsWith('/v1/messages') || request.headers.get('x-api-key') !== 'sk-ant-smoke') {
      return Response.json(
        { type: 'error', error: { type: 'not_found_error', message: 'unexpected request' } },
        { status: 404 },
      );
    }
    return Response.json({
      id: 'msg_smoke',
      type: 'message',
      role: 'assistant',
      model: 'claude-smoke',
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    });
  };
  const model = createAnthropic({ apiKey: 'sk-ant-smoke', fetch: fakeFetch }).languageModel('claude-smoke');
  const result = await model.doGenerate({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }],
  });
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  if (text !== 'ok' || result.usage.outputTokens !== 1) throw new Error('Anthropic smoke check failed.');
  return 'ok';
}
