import type { OpenAIErrorBody } from '../../errors/openai-http-error.js';
import type { ProxyTrace } from '../../gateway/proxy-trace.js';
import type { OpenAIFinishReason } from './to-finish-reason.js';
import type { OpenAIUsage } from './to-openai-usage.js';

/** The SSE frames of one streamed chat completion, as strings ready to encode. */
export interface ChunkEncoder {
  /** The opening chunk: `delta: { role: 'assistant', content: '' }`. */
  role(): string;
  text(delta: string): string;
  reasoning(delta: string): string;
  /** A tool-call fragment; `first` adds the call's id and name, as OpenAI does on a call's first chunk. */
  toolCall(index: number, id: string, name: string, argumentsDelta: string, first: boolean): string;
  /**
   * The chunk carrying `finish_reason`; `usage` is attached when the client did not ask for a usage chunk, and
   * routed requests carry their `tokenwise_trace`.
   */
  finish(reason: OpenAIFinishReason, usage: OpenAIUsage | undefined, trace: ProxyTrace | undefined): string;
  /** OpenAI's final usage chunk (`choices: []`), sent when `stream_options.include_usage` is set. */
  usage(usage: OpenAIUsage): string;
  /** An OpenAI-style in-band error event, for failures after content was sent. */
  error(body: OpenAIErrorBody): string;
  /** `data: [DONE]`. */
  done(): string;
}

/**
 * Creates the encoder for one response. The invariant part of every chunk is serialised once, so each delta
 * costs one small `JSON.stringify` of the delta alone.
 */
export function createChunkEncoder(options: { id: string; created: number; model: string }): ChunkEncoder {
  const head = `data: {"id":${JSON.stringify(options.id)},"object":"chat.completion.chunk","created":${options.created},"model":${JSON.stringify(options.model)},"choices":`;
  const delta = (json: string) =>
    `${head}[{"index":0,"delta":${json},"finish_reason":null,"logprobs":null}]}\n\n`;
  return {
    role: () => delta('{"role":"assistant","content":""}'),
    text: (text) => delta(`{"content":${JSON.stringify(text)}}`),
    reasoning: (text) => delta(`{"reasoning":${JSON.stringify(text)}}`),
    toolCall: (index, id, name, argumentsDelta, first) =>
      delta(
        JSON.stringify({
          tool_calls: [
            first
              ? { index, id, type: 'function', function: { name, arguments: argumentsDelta } }
              : { index, function: { arguments: argumentsDelta } },
          ],
        }),
      ),
    finish: (reason, usage, trace) =>
      `${head}[{"index":0,"delta":{},"finish_reason":"${reason}","logprobs":null}]${
        usage ? `,"usage":${JSON.stringify(usage)}` : ''
      }${trace ? `,"tokenwise_trace":${JSON.stringify(trace)}` : ''}}\n\n`,
    usage: (usage) => `${head}[],"usage":${JSON.stringify(usage)}}\n\n`,
    error: (body) => `data: ${JSON.stringify(body)}\n\n`,
    done: () => 'data: [DONE]\n\n',
  };
}
