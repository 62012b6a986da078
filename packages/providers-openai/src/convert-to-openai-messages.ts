import { type ImagePart, InvalidArgumentError, type JsonObject, type Prompt } from '@tokenwise/spec';

/**
 * A TokenWise prompt as Chat Completions `messages`. Every system message is kept in place and in order;
 * consecutive messages of one role are kept as they are (OpenAI accepts them); a user message made of one text
 * part is sent as a plain string; tool results become one `role: tool` message each.
 */
export function convertToOpenAIMessages(prompt: Prompt): JsonObject[] {
  const messages: JsonObject[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const [only] = message.content;
        if (message.content.length === 1 && only?.type === 'text') {
          messages.push({ role: 'user', content: only.text });
          break;
        }
        messages.push({
          role: 'user',
          content: message.content.map((part) =>
            part.type === 'text'
              ? { type: 'text', text: part.text }
              : { type: 'image_url', image_url: { url: imageUrl(part) } },
          ),
        });
        break;
      }
      case 'assistant': {
        const text = message.content
          .filter((part) => part.type === 'text')
          .map((part) => part.text)
          .join('');
        const toolCalls = message.content
          .filter((part) => part.type === 'tool-call')
          .map((part) => ({
            id: part.toolCallId,
            type: 'function',
            function: { name: part.toolName, arguments: part.input },
          }));
        messages.push({
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
        });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          messages.push({ role: 'tool', tool_call_id: part.toolCallId, content: part.output });
        }
        break;
    }
  }
  return messages;
}

function imageUrl(part: ImagePart): string {
  if (/^(https?|data):/i.test(part.image)) return part.image;
  if (part.mediaType === undefined) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message:
        'An image given as raw base64 needs its mediaType (e.g. image/png); or pass an https: or data: URL.',
    });
  }
  return `data:${part.mediaType};base64,${part.image}`;
}
