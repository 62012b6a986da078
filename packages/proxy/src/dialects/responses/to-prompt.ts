import type { AssistantMessage, ImagePart, Message, TextPart, ToolResultPart } from '@tokenwise/spec';
import { invalid } from './parse-request.js';
import type { ResponsesRequest } from './request-schema.js';

type Item = Exclude<ResponsesRequest['input'], string>[number];
type Part = {
  type: string;
  text?: string;
  refusal?: string;
  image_url?: string | null | undefined;
  file_id?: string | null | undefined;
};

/**
 * Converts `instructions` + `input` to a spec prompt. Consecutive assistant output (text, reasoning and
 * `function_call` items) becomes one assistant turn, consecutive `function_call_output` items one tool turn.
 * @throws OpenAIHttpError 400 naming the item: an item type the proxy cannot serve (built-in tool calls,
 *   `item_reference`, which needs stored state), a `function_call_output` answering no earlier call, images
 *   given by `file_id` (no file store), or images in an assistant turn.
 */
export function toPrompt(
  instructions: string | null | undefined,
  input: ResponsesRequest['input'],
): Message[] {
  const prompt: Message[] = [];
  if (instructions != null && instructions !== '') prompt.push({ role: 'system', content: instructions });
  if (typeof input === 'string') {
    prompt.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return prompt;
  }
  const toolNames = new Map<string, string>();
  const assistant = (): AssistantMessage => {
    const last = prompt.at(-1);
    if (last?.role === 'assistant') return last;
    const next: AssistantMessage = { role: 'assistant', content: [] };
    prompt.push(next);
    return next;
  };
  input.forEach((item: Item, index) => {
    const where = `input[${index}]`;
    switch (item.type) {
      case undefined:
      case 'message': {
        const message = item as Extract<Item, { role: string }>;
        if (message.role === 'system' || message.role === 'developer') {
          prompt.push({ role: 'system', content: textOf(message.content, where) });
        } else if (message.role === 'assistant') {
          const text = textOf(message.content, where);
          if (text !== '') assistant().content.push({ type: 'text', text });
        } else {
          prompt.push({ role: 'user', content: userParts(message.content, where) });
        }
        break;
      }
      case 'function_call': {
        const call = item as Extract<Item, { type: 'function_call' }>;
        toolNames.set(call.call_id, call.name);
        assistant().content.push({
          type: 'tool-call',
          toolCallId: call.call_id,
          toolName: call.name,
          input: call.arguments,
        });
        break;
      }
      case 'reasoning': {
        const reasoning = item as Extract<Item, { type: 'reasoning' }>;
        const text = [...(reasoning.content ?? []), ...(reasoning.summary ?? [])]
          .map((part) => part.text)
          .join('\n');
        if (text !== '') assistant().content.push({ type: 'reasoning', text });
        break;
      }
      case 'function_call_output': {
        const output = item as Extract<Item, { type: 'function_call_output' }>;
        const toolName = toolNames.get(output.call_id);
        if (toolName === undefined) {
          throw invalid(
            `${where}: function_call_output answers "${output.call_id}", which no earlier function_call in input made (previous_response_id is not supported: send the whole conversation).`,
            `${where}.call_id`,
          );
        }
        const result: ToolResultPart = {
          type: 'tool-result',
          toolCallId: output.call_id,
          toolName,
          output: typeof output.output === 'string' ? output.output : textOf(output.output, where),
        };
        const last = prompt.at(-1);
        if (last?.role === 'tool') last.content.push(result);
        else prompt.push({ role: 'tool', content: [result] });
        break;
      }
      default:
        throw invalid(
          `${where}: input items of type \`${item.type}\` are not supported by this proxy; send messages, function_call, function_call_output and item_reference items (store: false avoids references).`,
          `${where}.type`,
          'unsupported_item_type',
        );
    }
  });
  return prompt;
}

function textOf(content: string | readonly Part[], where: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type === 'input_image')
        throw invalid(`${where}: an image is only allowed in a user message.`, where);
      return part.text ?? part.refusal ?? '';
    })
    .join('');
}

function userParts(content: string | readonly Part[], where: string): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index): TextPart | ImagePart => {
    if (part.type !== 'input_image') return { type: 'text', text: part.text ?? part.refusal ?? '' };
    if (part.image_url == null) {
      throw invalid(
        `${where}.content[${index}]: images by file_id need the Files API, which this proxy does not keep; send image_url (https: or data:).`,
        `${where}.content[${index}].image_url`,
      );
    }
    return { type: 'image', image: part.image_url };
  });
}
