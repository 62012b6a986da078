import type { ConformanceScript, MockUsage } from '../conformance-script.js';
import type { MockUpstream } from './create-mock-upstream.js';
import { malformedJsonReply } from './mock-reply.js';
import {
  createOpenAIMockUpstream,
  openaiAutoReply,
  openaiCutStream,
  openaiError,
  openaiStream,
  openaiText,
} from './openai.js';

/** A small `GET /models` body in OpenRouter's documented shape (prices are USD per token, as strings). */
export const openrouterModelsFixture = {
  data: [
    {
      id: 'openai/gpt-4.1-mini',
      canonical_slug: 'openai/gpt-4.1-mini-2025-04-14',
      name: 'OpenAI: GPT-4.1 Mini',
      created: 1744651381,
      context_length: 1047576,
      architecture: {
        modality: 'text+image->text',
        input_modalities: ['image', 'text', 'file'],
        output_modalities: ['text'],
        tokenizer: 'GPT',
      },
      pricing: {
        prompt: '0.0000004',
        completion: '0.0000016',
        request: '0',
        image: '0',
        input_cache_read: '0.0000001',
      },
      top_provider: { context_length: 1047576, max_completion_tokens: 32768, is_moderated: true },
      supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice', 'response_format', 'seed'],
    },
    {
      id: 'anthropic/claude-sonnet-4',
      canonical_slug: 'anthropic/claude-4-sonnet-20250522',
      name: 'Anthropic: Claude Sonnet 4',
      created: 1747930371,
      context_length: 200000,
      architecture: {
        modality: 'text+image->text',
        input_modalities: ['image', 'text'],
        output_modalities: ['text'],
        tokenizer: 'Claude',
      },
      pricing: { prompt: '0.000003', completion: '0.000015', request: '0', image: '0.0048' },
      top_provider: { context_length: 200000, max_completion_tokens: 64000, is_moderated: false },
      supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice', 'reasoning'],
    },
  ],
};

/** Options of `createOpenRouterMockUpstream`. */
export interface OpenRouterMockUpstreamOptions {
  /** The JSON served at `GET /api/v1/models` (default `openrouterModelsFixture`). */
  models?: unknown;
  /** Cost reported in auto mode (default: $1 per million tokens). */
  cost?: (usage: MockUsage) => number;
}

/**
 * A mock of OpenRouter: the OpenAI chat mock under `/api/v1` whose auto replies carry `usage.cost`, plus
 * `GET /api/v1/models`.
 */
export function createOpenRouterMockUpstream({
  models = openrouterModelsFixture,
  cost = (usage) => (usage.inputTokens + usage.outputTokens) / 1_000_000,
}: OpenRouterMockUpstreamOptions = {}): MockUpstream {
  return createOpenAIMockUpstream({
    basePath: '/api/v1',
    auto: (call) => openaiAutoReply(call, { cost }),
    fixedRoutes: [{ method: 'GET', path: '/api/v1/models', reply: { type: 'json', body: models } }],
  });
}

/** The OpenRouter reply builders the conformance suite uses (OpenAI wire format, `usage.cost` set). */
export const openrouterConformanceScript: ConformanceScript = {
  text: (text, usage) =>
    openaiText(text, { usage: { cost: 0.000123, ...usage }, model: 'openai/gpt-4.1-mini' }),
  stopReasonRaw: 'stop',
  stream: (deltas, usage) => openaiStream(deltas, { usage: { cost: 0.000123, ...usage } }),
  error: (status, message, options) => openaiError(status, message, options),
  malformed: () => malformedJsonReply(),
  cutStream: (deltas) => openaiCutStream(deltas),
};
