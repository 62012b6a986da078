import { invalid } from './parse-request.js';
import type { ResponsesRequest } from './request-schema.js';
import type { ResponseItemCache } from './response-item-cache.js';

type Input = ResponsesRequest['input'];
type Item = Exclude<Input, string>[number];

/**
 * Replaces each `{"type":"item_reference","id":…}` input item by the output item this process sent under that
 * id, in input form (assistant message, function_call or reasoning).
 * @throws OpenAIHttpError 400 for an id the cache does not hold (or when there is no cache), saying why and
 *   how to avoid references (`store: false`).
 */
export function resolveItemReferences(input: Input, cache: ResponseItemCache | undefined): Input {
  if (typeof input === 'string' || !input.some((item) => item.type === 'item_reference')) return input;
  return input.map((item, index): Item => {
    if (item.type !== 'item_reference') return item;
    const id = (item as { id?: unknown }).id;
    const found = typeof id === 'string' ? cache?.resolve(id) : undefined;
    if (found === undefined) {
      throw invalid(
        `input[${index}]: item_reference "${String(id)}" is unknown to this proxy: it keeps no stored responses, only recent output items of this process. Send the item itself, or turn storing off (store: false; Vercel AI SDK: providerOptions.openai.store = false).`,
        `input[${index}].id`,
        'unknown_item_reference',
      );
    }
    if (found.type === 'message') {
      return {
        type: 'message',
        role: 'assistant',
        content: found.content.map((part) => ({ type: 'output_text' as const, text: part.text })),
      };
    }
    if (found.type === 'function_call') {
      return { type: 'function_call', call_id: found.call_id, name: found.name, arguments: found.arguments };
    }
    return { type: 'reasoning', content: found.content };
  });
}
