import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ListeningUpstream } from './create-mock-upstream.js';
import {
  createGoogleMockUpstream,
  geminiAutoReply,
  geminiCutStream,
  geminiError,
  geminiFunctionCall,
  geminiStream,
  parseGeminiPath,
} from './google.js';

const upstream = createGoogleMockUpstream();
let server: ListeningUpstream;
let client: GoogleGenAI;

beforeAll(async () => {
  server = await upstream.listen();
  client = new GoogleGenAI({ apiKey: 'gemini-mock-key', httpOptions: { baseUrl: server.url } });
});
afterAll(() => server.close());
beforeEach(() => {
  upstream.reset();
});

describe('createGoogleMockUpstream with the official SDK over loopback', () => {
  it('answers generateContent in auto mode and logs the request, key in the header only', async () => {
    const response = await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hello mock',
      config: { systemInstruction: 'Be brief.', maxOutputTokens: 50 },
    });
    expect(response.text).toBe('echo: Hello mock');
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata?.candidatesTokenCount).toBe(Math.ceil('echo: Hello mock'.length / 4));
    const call = upstream.calls[0]!;
    expect(call.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(call.headers['x-goog-api-key']).toBe('gemini-mock-key');
    expect(call.url).not.toContain('gemini-mock-key');
    expect(call.bodyJson).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Hello mock' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { maxOutputTokens: 50 },
    });
  });

  it('streams scripted chunks with usage on the last one', async () => {
    upstream.enqueue(
      geminiStream(['Hel', 'lo'], { usage: { inputTokens: 7, outputTokens: 4, reasoningTokens: 1 } }),
    );
    const stream = await client.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
    const texts: string[] = [];
    let last: Awaited<ReturnType<typeof stream.next>>['value'];
    for await (const chunk of stream) {
      texts.push(chunk.text ?? '');
      last = chunk;
    }
    expect(texts.join('')).toBe('Hello');
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata).toMatchObject({
      promptTokenCount: 7,
      candidatesTokenCount: 3,
      thoughtsTokenCount: 1,
    });
    expect(upstream.calls[0]!.url).toContain(':streamGenerateContent?alt=sse');
  });

  it('answers with function calls', async () => {
    upstream.enqueue(geminiFunctionCall([{ name: 'get_weather', args: { city: 'Paris' } }]));
    const response = await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Weather?',
      config: {
        tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather' }] }],
      },
    });
    expect(response.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
    expect((upstream.calls[0]!.bodyJson as { tools: unknown }).tools).toEqual([
      { functionDeclarations: [{ name: 'get_weather', description: 'Weather' }] },
    ]);
  });

  it('sends vendor-shaped errors the SDK raises with the status', async () => {
    upstream.enqueue(
      geminiError(429, 'Resource has been exhausted (e.g. check quota).', { retryAfterSeconds: 5 }),
    );
    const error = (await client.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'x' })
      .catch((caught: unknown) => caught)) as { status?: number; message: string };
    expect(error.status).toBe(429);
    expect(error.message).toContain('Resource has been exhausted');
  });
});

describe('gemini builders', () => {
  const call = (url: string, bodyJson: unknown) => ({
    url,
    method: 'POST',
    path: new URL(url).pathname,
    headers: {},
    bodyText: '',
    bodyJson,
  });

  it('parses the model and method out of the colon path', () => {
    expect(parseGeminiPath('/v1beta/models/gemini-2.5-pro:streamGenerateContent')).toEqual({
      model: 'gemini-2.5-pro',
      method: 'streamGenerateContent',
    });
    expect(parseGeminiPath('/v1beta/models/gemini-2.5-pro')).toBeUndefined();
  });

  it('auto mode refuses a key in the query string and unknown methods', () => {
    expect(geminiAutoReply(call('http://x/v1beta/models/m:generateContent?key=abc', {}))).toMatchObject({
      status: 400,
    });
    expect(geminiAutoReply(call('http://x/v1beta/models/m:countTokens', {}))).toMatchObject({ status: 404 });
  });

  it('auto mode truncates to maxOutputTokens with MAX_TOKENS', () => {
    const reply = geminiAutoReply(
      call('http://x/v1beta/models/m:generateContent', {
        contents: [{ role: 'user', parts: [{ text: 'a long question' }] }],
        generationConfig: { maxOutputTokens: 1 },
      }),
    );
    expect(reply).toMatchObject({
      body: { candidates: [{ finishReason: 'MAX_TOKENS', content: { parts: [{ text: 'echo' }] } }] },
    });
  });

  it('cut streams carry no finish reason and drop the connection', () => {
    const reply = geminiCutStream(['a', 'b']);
    if (reply.type !== 'sse') throw new Error('expected sse');
    expect(reply.cut).toBe(true);
    expect(reply.events).toHaveLength(2);
    expect(JSON.stringify(reply.events)).not.toContain('finishReason');
  });
});
