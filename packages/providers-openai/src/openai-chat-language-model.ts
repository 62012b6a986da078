import {
  anthropicOnlyFeatureWarnings,
  collectSecrets,
  createEventSourceResponseHandler,
  createJsonResponseHandler,
  generateId as defaultGenerateId,
  type ParseResult,
  postJsonToApi,
} from '@tokenwise/provider-utils';
import {
  type CallOptions,
  type CallWarning,
  type Content,
  type FinishReason,
  type GenerateResult,
  InvalidResponseDataError,
  type JsonObject,
  type LanguageModelV1,
  redactSecrets,
  type StreamPart,
  type StreamResult,
  type Usage,
} from '@tokenwise/spec';
import { addOpenAIExtendedArgs } from './add-openai-extended-args.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';
import { isReasoningModel } from './is-reasoning-model.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { type OpenAIChatChunk, openaiChatChunkSchema, openaiChatResponseSchema } from './openai-api.js';
import type { OpenAIChatConfig } from './openai-chat-config.js';
import { openaiFailedResponseHandler, openaiInBandError } from './openai-error.js';

/** Known OpenAI chat model ids; any other string is passed through unchanged. */
export type OpenAIChatModelId =
  | 'gpt-4.1'
  | 'gpt-4.1-mini'
  | 'gpt-4.1-nano'
  | 'gpt-4o'
  | 'gpt-4o-mini'
  | 'gpt-5'
  | 'gpt-5-mini'
  | 'gpt-5-nano'
  | 'o3'
  | 'o3-mini'
  | 'o4-mini'
  | (string & {});

/** A model served by the Chat Completions API (`POST {base}/chat/completions`), OpenAI's or a compatible one. */
export class OpenAIChatLanguageModel implements LanguageModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly modelId: string;
  private readonly config: OpenAIChatConfig;

  /** The model sends `modelId` exactly as given. */
  constructor(modelId: string, config: OpenAIChatConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  /** Provider id, e.g. `openai`. */
  get provider(): string {
    return this.config.provider;
  }

  /** The request body and the settings that could not be honoured. */
  getArgs(options: CallOptions): { body: JsonObject; warnings: CallWarning[] } {
    const warnings: CallWarning[] = [];
    const reasoning = (this.config.reasoningModelRules ?? true) && isReasoningModel(this.modelId);
    const body: JsonObject = {
      model: this.modelId,
      messages: convertToOpenAIMessages(options.prompt),
    };
    if (options.maxOutputTokens !== undefined) {
      body[reasoning ? 'max_completion_tokens' : 'max_tokens'] = options.maxOutputTokens;
    }
    if (options.temperature !== undefined) {
      if (reasoning) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'temperature',
          message: `${this.modelId} is a reasoning model and accepts no temperature; it was not sent.`,
        });
      } else body.temperature = options.temperature;
    }
    if (options.topP !== undefined) {
      if (reasoning) {
        warnings.push({
          type: 'unsupported-setting',
          setting: 'topP',
          message: `${this.modelId} is a reasoning model and accepts no top_p; it was not sent.`,
        });
      } else body.top_p = options.topP;
    }
    if (options.stopSequences !== undefined && options.stopSequences.length > 0)
      body.stop = options.stopSequences;
    if (options.seed !== undefined) body.seed = options.seed;
    if (options.user !== undefined) body.user = options.user;
    if (options.responseFormat?.type === 'json') {
      const { schema, name, description } = options.responseFormat;
      body.response_format =
        schema === undefined
          ? { type: 'json_object' }
          : {
              type: 'json_schema',
              json_schema: {
                name: name ?? 'response',
                ...(description === undefined ? {} : { description }),
                schema,
              },
            };
    }
    if (options.tools !== undefined && options.tools.length > 0) {
      body.tools = options.tools.map((tool) => ({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parameters: tool.inputSchema,
        },
      }));
    }
    if (options.toolChoice !== undefined) {
      body.tool_choice =
        options.toolChoice.type === 'tool'
          ? { type: 'function', function: { name: options.toolChoice.toolName } }
          : options.toolChoice.type;
    }
    warnings.push(
      ...addOpenAIExtendedArgs(body, options, {
        modelId: this.modelId,
        reasoning,
        style: this.config.parameterStyle ?? 'openai',
      }),
      ...anthropicOnlyFeatureWarnings(options, this.provider),
    );
    Object.assign(body, this.config.extraBody);
    // vendor-specific fields win: they are the caller's explicit escape hatch
    Object.assign(body, options.providerOptions?.[this.config.providerOptionsKey ?? this.config.provider]);
    return { body, warnings };
  }

  /** One complete answer. */
  async doGenerate(options: CallOptions): Promise<GenerateResult> {
    const { body, warnings } = this.getArgs(options);
    const url = this.config.url('/chat/completions');
    const headers = this.requestHeaders(options);
    const { value: response, responseHeaders } = await postJsonToApi({
      url,
      provider: this.provider,
      headers,
      body,
      fetch: this.config.fetch,
      abortSignal: options.abortSignal,
      timeoutMs: this.config.timeoutMs,
      successfulResponseHandler: createJsonResponseHandler(openaiChatResponseSchema),
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
      failedResponseHandler: openaiFailedResponseHandler,
    });
    if (response.error != null) {
      throw openaiInBandError(response.error, { provider: this.provider, url, redact: redactorFor(headers) });
    }
    const choice = response.choices?.[0];
    if (choice === undefined) {
      throw new InvalidResponseDataError({
        message: `${this.provider} returned a completion without choices.`,
        provider: this.provider,
        data: response,
      });
    }
    const content: Content[] = [];
    if (choice.message.reasoning != null && choice.message.reasoning !== '') {
      content.push({ type: 'reasoning', text: choice.message.reasoning });
    }
    if (choice.message.content != null && choice.message.content !== '') {
      content.push({ type: 'text', text: choice.message.content });
    }
    for (const call of choice.message.tool_calls ?? []) {
      content.push({
        type: 'tool-call',
        toolCallId: call.id ?? this.newId(),
        toolName: call.function.name,
        input: call.function.arguments ?? '',
      });
    }
    return {
      content,
      finishReason: mapOpenAIFinishReason(choice.finish_reason),
      usage: convertOpenAIUsage(response.usage),
      warnings,
      response: {
        ...(response.id == null ? {} : { id: response.id }),
        ...(response.model == null ? {} : { modelId: response.model }),
        headers: responseHeaders,
      },
    };
  }

  /** A streamed answer; always asks for the usage chunk (`stream_options.include_usage`). */
  async doStream(options: CallOptions): Promise<StreamResult> {
    const { body, warnings } = this.getArgs(options);
    const url = this.config.url('/chat/completions');
    const headers = this.requestHeaders(options);
    const streamBody = { ...body, stream: true, stream_options: { include_usage: true } };
    const { value: events, responseHeaders } = await postJsonToApi({
      url,
      provider: this.provider,
      headers,
      body: streamBody,
      fetch: this.config.fetch,
      abortSignal: options.abortSignal,
      timeoutMs: this.config.timeoutMs,
      successfulResponseHandler: createEventSourceResponseHandler(openaiChatChunkSchema),
      failedResponseHandler: openaiFailedResponseHandler,
    });
    const stream = events.pipeThrough(
      createOpenAIStreamTransformer({
        provider: this.provider,
        url,
        warnings,
        redact: redactorFor(headers),
        generateId: () => this.newId(),
      }),
    );
    return { stream, response: { headers: responseHeaders } };
  }

  private requestHeaders(options: CallOptions): Record<string, string | undefined> {
    return { ...this.config.headers(), ...options.headers };
  }

  private newId(): string {
    return (this.config.generateId ?? defaultGenerateId)();
  }
}

function redactorFor(headers: Record<string, string | undefined>): (text: string) => string {
  const secrets = collectSecrets(headers);
  return (text) => redactSecrets(text, { secrets, shapes: false });
}

interface ToolCallState {
  id: string;
  name: string;
  input: string;
  index: number;
}

/**
 * Chunks → stream parts. Emits `stream-start`, `response-metadata` once, text/reasoning deltas,
 * `tool-call-delta`s and one `tool-call` per call (when the finish reason arrives), and then exactly one
 * `finish` with usage in `flush`. A parse or transport failure, an in-band error chunk, or a stream that ends
 * without `finish_reason` ends it with a single `error` part instead.
 */
export function createOpenAIStreamTransformer({
  provider,
  url,
  warnings,
  redact,
  generateId,
}: {
  provider: string;
  url: string;
  warnings: CallWarning[];
  redact: (text: string) => string;
  generateId: () => string;
}): TransformStream<ParseResult<OpenAIChatChunk>, StreamPart> {
  let finishReason: FinishReason | undefined;
  let usage: Usage = { inputTokens: undefined, outputTokens: undefined };
  let metadataSent = false;
  let failed = false;
  let toolCallsFlushed = false;
  const toolCalls: ToolCallState[] = [];

  const flushToolCalls = (controller: TransformStreamDefaultController<StreamPart>) => {
    if (toolCallsFlushed) return;
    toolCallsFlushed = true;
    for (const call of toolCalls) {
      controller.enqueue({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.input });
    }
  };

  return new TransformStream<ParseResult<OpenAIChatChunk>, StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings });
    },
    transform(result, controller) {
      if (failed) return;
      if (!result.success) {
        failed = true;
        controller.enqueue({ type: 'error', error: result.error });
        return;
      }
      const chunk = result.value;
      if (chunk.error != null) {
        failed = true;
        controller.enqueue({
          type: 'error',
          error: openaiInBandError(chunk.error, { provider, url, redact }),
        });
        return;
      }
      if (!metadataSent && (chunk.id != null || chunk.model != null)) {
        metadataSent = true;
        controller.enqueue({
          type: 'response-metadata',
          ...(chunk.id == null ? {} : { id: chunk.id }),
          ...(chunk.model == null ? {} : { modelId: chunk.model }),
        });
      }
      // the usage chunk usually has `choices: []`, but some servers put usage on the finish chunk:
      if (chunk.usage != null) usage = convertOpenAIUsage(chunk.usage);
      const choice = chunk.choices?.[0];
      if (choice == null) return;
      const delta = choice.delta;
      if (delta?.reasoning != null && delta.reasoning !== '') {
        controller.enqueue({ type: 'reasoning-delta', delta: delta.reasoning });
      }
      if (delta?.content != null && delta.content !== '') {
        controller.enqueue({ type: 'text-delta', delta: delta.content });
      }
      for (const toolDelta of delta?.tool_calls ?? []) {
        const index = toolDelta.index ?? toolCalls.length;
        let call = toolCalls.find((candidate) => candidate.index === index);
        if (call === undefined) {
          call = { index, id: toolDelta.id ?? generateId(), name: toolDelta.function?.name ?? '', input: '' };
          toolCalls.push(call);
        } else if (toolDelta.function?.name != null && call.name === '') {
          call.name = toolDelta.function.name;
        }
        const inputDelta = toolDelta.function?.arguments ?? '';
        call.input += inputDelta;
        controller.enqueue({
          type: 'tool-call-delta',
          index,
          toolCallId: call.id,
          toolName: call.name,
          inputDelta,
        });
      }
      if (choice.finish_reason != null) {
        finishReason = mapOpenAIFinishReason(choice.finish_reason);
        flushToolCalls(controller);
      }
    },
    flush(controller) {
      if (failed) return;
      if (finishReason === undefined) {
        controller.enqueue({
          type: 'error',
          error: new InvalidResponseDataError({
            message: `${provider} stream ended before completion (no finish_reason); the answer is incomplete.`,
            provider,
          }),
        });
        return;
      }
      flushToolCalls(controller);
      controller.enqueue({ type: 'finish', finishReason, usage });
    },
  });
}
