import { createGoogle } from './google-provider.js';

/**
 * Proves the package works end to end without network or credentials: one `doGenerate` against an in-memory
 * `fetch` that answers like the Gemini API, with an explicit fake key. Resolves to `'ok'` or rejects.
 */
export async function smokeCheck(): Promise<'ok'> {
  const fakeFetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (
      !url.pathname.endsWith('/models/gemini-smoke:generateContent') ||
      url.search !== '' ||
      request.headers.get('x-goog-api-key') !== 'smoke-key'
    ) {
      return Response.json(
        { error: { code: 404, message: 'unexpected request', status: 'NOT_FOUND' } },
        { status: 404 },
      );
    }
    return Response.json({
      candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
      modelVersion: 'gemini-smoke',
    });
  };
  const model = createGoogle({ apiKey: 'smoke-key', fetch: fakeFetch }).languageModel('gemini-smoke');
  const result = await model.doGenerate({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }],
  });
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  if (text !== 'ok' || result.usage.outputTokens !== 1) throw new Error('Google smoke check failed.');
  return 'ok';
}
