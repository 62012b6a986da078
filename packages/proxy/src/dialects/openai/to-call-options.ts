import type {
  AssistantMessage,
  CallOptions,
  ImagePart,
  JsonSchema,
  Message,
  TextPart,
  ToolChoice,
} from '@tokenwise/spec';
import { OpenAIHttpError } from '../../errors/openai-http-error.js';
import { addExtendedSettings } from './add-extended-settings.js';
import type { ChatCompletionMessage, ChatCompletionRequest } from './request-schema.js';

/**
 * Translates a validated OpenAI request into the spec's call options (without `maxOutputTokens` and
 * `abortSignal`, which the budget and the route decide). Every field the original proxy dropped is kept.
 */
export function toCallOptions(request: ChatCompletionRequest): Omit<CallOptions, 'abortSignal'> {
  const options: Omit<CallOptions, 'abortSignal'> = { prompt: toPrompt(request.messages) };
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.topP = request.top_p;
  if (request.seed != null) options.seed = request.seed;
  if (request.user != null) options.user = request.user;
  if (request.stop != null) {
    options.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  }
  if (request.tools != null && request.tools.length > 0) {
    options.tools = request.tools.map((tool) => ({
      type: 'function' as const,
      name: tool.function.name,
      ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
      inputSchema: (tool.function.parameters ?? { type: 'object', properties: {} }) as JsonSchema,
    }));
  }
  if (request.tool_choice != null) options.toolChoice = toToolChoice(request.tool_choice);
  addExtendedSettings(options, request);
  const format = request.response_format;
  if (format != null) {
    if (format.type === 'json_object') options.responseFormat = { type: 'json' };
    else if (format.type === 'json_schema') {
      options.responseFormat = {
        type: 'json',
        name: format.json_schema.name,
        ...(format.json_schema.schema === undefined
          ? {}
          : { schema: format.json_schema.schema as JsonSchema }),
        ...(format.json_schema.description === undefined
          ? {}
          : { description: format.json_schema.description }),
      };
    }
  }
  return options;
}

function toToolChoice(choice: NonNullable<ChatCompletionRequest['tool_choice']>): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', toolName: choice.function.name };
}

/** Converts OpenAI messages to the spec prompt; tool results get their tool name from the assistant's call. */
export function toPrompt(messages: readonly ChatCompletionMessage[]): Message[] {
  const toolNames = new Map<string, string>();
  const prompt: Message[] = [];
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        prompt.push({ role: 'system', content: joinText(message.content) });
        break;
      case 'user':
        prompt.push({
          role: 'user',
          content:
            typeof message.content === 'string'
              ? [{ type: 'text', text: message.content }]
              : message.content.map((part): TextPart | ImagePart =>
                  part.type === 'text'
                    ? { type: 'text', text: part.text }
                    : { type: 'image', image: part.image_url.url },
                ),
        });
        break;
      case 'assistant': {
        const content: AssistantMessage['content'] = [];
        const text =
          message.content == null
            ? ''
            : typeof message.content === 'string'
              ? message.content
              : message.content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('');
        if (text !== '') content.push({ type: 'text', text });
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          content.push({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.function.name,
            input: call.function.arguments,
          });
        }
        prompt.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const toolName = toolNames.get(message.tool_call_id);
        if (toolName === undefined) {
          throw new OpenAIHttpError({
            status: 400,
            type: 'invalid_request_error',
            code: 'invalid_value',
            param: `messages[${index}].tool_call_id`,
            message: `Tool message ${index} answers "${message.tool_call_id}", which no earlier assistant message called.`,
          });
        }
        prompt.push({
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: message.tool_call_id,
              toolName,
              output: joinText(message.content),
            },
          ],
        });
        break;
      }
    }
  });
  return prompt;
}

function joinText(content: string | ReadonlyArray<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}
