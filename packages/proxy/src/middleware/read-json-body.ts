import { ClientClosedRequestError } from '../errors/client-closed-request-error.js';
import { RequestBodyError } from '../errors/request-body-error.js';

/** Default largest request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/**
 * Default deepest JSON nesting accepted (objects and arrays). Real chat requests and tool schemas stay far below
 * it; a schema nested thousands of levels deep would overflow the stack in code that walks it recursively.
 */
export const DEFAULT_MAX_JSON_DEPTH = 100;

/** Limits of {@link readJsonBody}. */
export interface ReadJsonBodyOptions {
  /** Largest body in bytes (default {@link DEFAULT_MAX_BODY_BYTES}). */
  maxBytes?: number;
  /** Deepest nesting of objects and arrays (default {@link DEFAULT_MAX_JSON_DEPTH}). */
  maxDepth?: number;
}

// application/json, or any structured-syntax `+json` type (application/merge-patch+json…), with parameters.
const JSON_MEDIA_TYPE = /^\s*application\/(?:[\w.!#$&^-]+\+)?json\s*(?:;|$)/i;

/** Whether a `Content-Type` value names JSON (`application/json` or a `+json` type). */
export function isJsonContentType(value: string | null): boolean {
  return value !== null && JSON_MEDIA_TYPE.test(value);
}

/**
 * Reads and parses a JSON request body for any door. Checks, in order, before a model is involved: a JSON
 * `Content-Type` (a web page can post `text/plain` without a preflight), the size (a declared `Content-Length`
 * over the limit is refused before reading; otherwise the stream is cut at the limit), non-empty valid JSON, and
 * the nesting depth (counted on the text without recursion, before parsing).
 * @throws RequestBodyError (`kind` says why; each door maps it to its own error shape), or
 *   ClientClosedRequestError when the client drops the connection mid-upload.
 */
export async function readJsonBody(request: Request, options: ReadJsonBodyOptions = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const contentType = request.headers.get('content-type');
  if (!isJsonContentType(contentType)) {
    throw new RequestBodyError({
      kind: 'unsupported_media_type',
      message: `Content-Type must be application/json (got ${contentType === null ? 'none' : JSON.stringify(contentType.slice(0, 80))}).`,
    });
  }
  const declared = request.headers.get('content-length');
  let text: string;
  if (declared !== null && !request.headers.has('transfer-encoding')) {
    if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
    // the HTTP parser stops the body at its declared length, so it can be read whole (the fast path):
    text = await readWhole(request);
  } else {
    text = await readLimited(request, maxBytes);
  }
  if (text === '') {
    throw new RequestBodyError({ kind: 'empty', message: 'The request body is empty; send a JSON object.' });
  }
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new RequestBodyError({
      kind: 'too_deep',
      limit: maxDepth,
      message: `The request body nests JSON deeper than this proxy's limit of ${maxDepth} levels.`,
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestBodyError({ kind: 'invalid_json', message: 'The request body is not valid JSON.' });
  }
}

/**
 * Nesting depth of the objects and arrays in a JSON text, brackets inside strings excluded; stops counting
 * once `limit` is passed. Malformed text gets a depth too (JSON.parse rejects it afterwards).
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92)
        index++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (code === 125 || code === 93) depth--;
  }
  return deepest;
}

async function readWhole(request: Request): Promise<string> {
  try {
    return await request.text();
  } catch (error) {
    // the only way reading a request body fails is the client going away mid-upload:
    throw new ClientClosedRequestError({ cause: error });
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
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new ClientClosedRequestError({ cause: error });
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(maxBytes: number): RequestBodyError {
  return new RequestBodyError({
    kind: 'too_large',
    limit: maxBytes,
    message: `The request body is larger than this proxy's limit of ${maxBytes} bytes. Send a smaller request.`,
  });
}
