import { InvalidArgumentError, type JsonObject, type JsonValue, type Prompt } from '@tokenwise/spec';
import { splitDataUrl } from './split-data-url.js';

/** One part of a request content. */
export type GoogleRequestPart =
  | { text: string }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType: string; fileUri: string } }
  | { functionCall: { name: string; args: JsonObject } }
  | { functionResponse: { name: string; response: JsonObject } };

/** One turn of `contents`. */
export interface GoogleContent {
  role: 'user' | 'model';
  parts: GoogleRequestPart[];
}

/** The prompt in Gemini's shape. */
export interface GooglePrompt {
  /** All system messages, in order, one part each; absent when there are none. */
  systemInstruction: { parts: Array<{ text: string }> } | undefined;
  contents: GoogleContent[];
}

const imageTypesByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
};

/**
 * Converts a spec prompt to `systemInstruction` + `contents`. Assistant turns become role `model`; tool results
 * become user-role `functionResponse` parts (whose `response` must be an object, so other outputs are wrapped as
 * `{content}`, or `{error}` for failed tools); consecutive turns of one role are merged.
 */
export function convertToGoogleContents(prompt: Prompt): GooglePrompt {
  const systemParts: Array<{ text: string }> = [];
  const contents: GoogleContent[] = [];

  const push = (role: 'user' | 'model', parts: GoogleRequestPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        if (message.content !== '') systemParts.push({ text: message.content });
        break;
      case 'user':
        push(
          'user',
          message.content.flatMap((part): GoogleRequestPart[] => {
            if (part.type === 'text') return part.text === '' ? [] : [{ text: part.text }];
            return [convertImage(part.image, part.mediaType)];
          }),
        );
        break;
      case 'assistant':
        push(
          'model',
          message.content.flatMap((part): GoogleRequestPart[] => {
            if (part.type === 'text') return part.text === '' ? [] : [{ text: part.text }];
            // earlier reasoning (Anthropic thinking) has no Gemini form; buildGoogleRequest warns about it:
            if (part.type === 'reasoning') return [];
            return [{ functionCall: { name: part.toolName, args: parseToolInput(part.input) } }];
          }),
        );
        break;
      case 'tool':
        push(
          'user',
          message.content.map((part) => ({
            functionResponse: {
              name: part.toolName,
              response: toResponseObject(part.output, part.isError === true),
            },
          })),
        );
        break;
    }
  }

  return {
    systemInstruction: systemParts.length > 0 ? { parts: systemParts } : undefined,
    contents,
  };
}

function convertImage(image: string, mediaType: string | undefined): GoogleRequestPart {
  if (image.startsWith('data:')) {
    const parts = splitDataUrl(image);
    if (parts === undefined) {
      throw new InvalidArgumentError({
        argument: 'prompt',
        message: 'Image data URL is not base64: pass `data:<type>;base64,<data>` or an https URL.',
      });
    }
    return { inlineData: { mimeType: parts.mediaType, data: parts.base64 } };
  }
  if (/^https?:\/\//i.test(image) || image.startsWith('gs://')) {
    const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(image)?.[1]?.toLowerCase();
    const mimeType = mediaType ?? (extension === undefined ? undefined : imageTypesByExtension[extension]);
    if (mimeType === undefined) {
      throw new InvalidArgumentError({
        argument: 'prompt',
        message:
          'Gemini needs the media type of an image URL: set mediaType (e.g. image/png) on the image part.',
      });
    }
    return { fileData: { mimeType, fileUri: image } };
  }
  if (mediaType === undefined) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message:
        'Image given as raw base64 without mediaType: set mediaType (e.g. image/png) or pass a data URL.',
    });
  }
  return { inlineData: { mimeType: mediaType, data: image } };
}

function parseToolInput(input: string): JsonObject {
  if (input.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch (error) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message: 'Tool call input is not valid JSON: pass the arguments as a JSON object text.',
      cause: error,
    });
  }
  if (!isJsonObject(parsed)) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message: 'Tool call input must be a JSON object for Gemini: wrap other values in an object.',
    });
  }
  return parsed;
}

function toResponseObject(output: string, isError: boolean): JsonObject {
  let value: JsonValue = output;
  try {
    value = JSON.parse(output) as JsonValue;
  } catch {
    // plain text output stays a string
  }
  if (isError) return { error: value };
  return isJsonObject(value) ? value : { content: value };
}

function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
