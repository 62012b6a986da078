import { OpenAIHttpError } from '../errors/openai-http-error.js';

/**
 * Reads and parses a JSON request body of at most `maxBytes`. A declared `Content-Length` over the limit is
 * refused before reading; a body without one is read as a stream and cut off at the limit.
 * @throws OpenAIHttpError 413 (too large) or 400 (not JSON).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = request.headers.get('content-length');
  let text: string;
  if (declared !== null && !request.headers.has('transfer-encoding')) {
    if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
    text = await request.text();
  } else {
    text = await readLimited(request, maxBytes);
  }
  if (text === '') throw invalidJson('The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch {
    throw invalidJson('The request body is not valid JSON.');
  }
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const body = request.body;
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(maxBytes: number): OpenAIHttpError {
  return new OpenAIHttpError({
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: `The request body is larger than this proxy's limit of ${maxBytes} bytes. Send a smaller request.`,
  });
}

function invalidJson(message: string): OpenAIHttpError {
  return new OpenAIHttpError({ status: 400, type: 'invalid_request_error', code: 'invalid_json', message });
}
