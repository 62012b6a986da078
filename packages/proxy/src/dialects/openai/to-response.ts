import type { GenerateResult } from '@tokenwise/spec';
import type { ClientCost } from '../../gateway/client-cost.js';
import type { ProxyTrace } from '../../gateway/proxy-trace.js';
import { type OpenAIFinishReason, toOpenAIFinishReason } from './to-finish-reason.js';
import { type OpenAIUsage, toOpenAIUsage } from './to-openai-usage.js';

/** An OpenAI tool call in a response message. */
export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** The non-streaming chat-completions response, with TokenWise's `usage.cost` and optional trace. */
export interface ChatCompletionResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      tool_calls?: OpenAIToolCall[];
      reasoning?: string;
    };
    finish_reason: OpenAIFinishReason;
    logprobs: null;
  }>;
  usage: OpenAIUsage;
  tokenwise_trace?: ProxyTrace;
}

/** Builds the response body from what the upstream returned: tool calls, finish reason and usage kept. */
export function toChatCompletionResponse(options: {
  id: string;
  created: number;
  model: string;
  result: GenerateResult;
  cost: ClientCost;
  trace: ProxyTrace | undefined;
}): ChatCompletionResponse {
  const { result } = options;
  let text: string | null = null;
  let reasoning: string | undefined;
  let toolCalls: OpenAIToolCall[] | undefined;
  for (const part of result.content) {
    if (part.type === 'text') text = (text ?? '') + part.text;
    else if (part.type === 'reasoning') reasoning = (reasoning ?? '') + part.text;
    else {
      toolCalls ??= [];
      toolCalls.push({
        id: part.toolCallId,
        type: 'function',
        function: { name: part.toolName, arguments: part.input },
      });
    }
  }
  const message: ChatCompletionResponse['choices'][number]['message'] = {
    role: 'assistant',
    content: text ?? (toolCalls ? null : ''),
    refusal: null,
  };
  if (toolCalls) message.tool_calls = toolCalls;
  if (reasoning !== undefined) message.reasoning = reasoning;
  const response: ChatCompletionResponse = {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [
      { index: 0, message, finish_reason: toOpenAIFinishReason(result.finishReason), logprobs: null },
    ],
    usage: toOpenAIUsage(result.usage, options.cost),
  };
  if (options.trace) response.tokenwise_trace = options.trace;
  return response;
}
