// Test fixtures: a small catalog, a deterministic router and scripted models. They stand in for core's router and
// the providers so route tests stay fast; the end-to-end tests use the real providers against mock upstreams.
import {
  ApiCallError,
  type CallOptions,
  type GenerateResult,
  type LanguageModelV1,
  type Message,
  type ModelInfo,
  NoRouteError,
  NoSuchModelError,
  type StreamPart,
  type Tier,
  tierRank,
  type Usage,
} from '@tokenwise/spec';
import type { CallRecord } from '@tokenwise/ledger';
import type { ProxyDeps, ProxyRouteOptions } from '../proxy-deps.js';

export function modelInfo(
  id: string,
  tier: Tier,
  input: number,
  output: number,
  extra: Partial<ModelInfo> = {},
): ModelInfo {
  return {
    id,
    name: id,
    provider: id.split('/')[0] ?? 'x',
    pricing: { inputPerMillion: input, outputPerMillion: output },
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: ['general', 'code'],
    tier,
    inputModalities: ['text'],
    supportedParameters: ['tools'],
    ...extra,
  };
}

export const CATALOG: ModelInfo[] = [
  modelInfo('openai/gpt-4.1-mini', 'budget', 0.4, 1.6, { capabilities: ['general', 'code', 'vision'] }),
  modelInfo('google/gemini-2.5-flash', 'budget', 0.3, 2.5),
  modelInfo('openai/gpt-4.1', 'mid', 2, 8),
  modelInfo('anthropic/claude-sonnet-4.5', 'flagship', 3, 15),
  modelInfo('openai/o3', 'flagship', 2, 8, {
    capabilities: ['general', 'reasoning', 'math'],
    supportedParameters: ['max_tokens'],
  }),
];

/** Routes like core does in spirit: filter (exclude, capability, tier, budget), then order by strategy. */
export function createFixtureRouter(models: readonly ModelInfo[]) {
  const calls: ProxyRouteOptions[] = [];
  return {
    calls,
    route(_input: string | Message[], options: ProxyRouteOptions) {
      calls.push(options);
      const cost = (m: ModelInfo) =>
        BigInt(Math.round((m.pricing?.inputPerMillion ?? 0) * 100 + (m.pricing?.outputPerMillion ?? 0) * 500)) *
        1_000_000n;
      const fits = models.filter(
        (m) =>
          !options.exclude?.includes(m.id) &&
          (!options.capability || m.capabilities.includes(options.capability)) &&
          (!options.minTier || tierRank(m.tier) >= tierRank(options.minTier)),
      );
      const affordable = fits.filter((m) => options.budget === undefined || cost(m) <= options.budget);
      if (affordable.length === 0) {
        const cheapest = [...fits].sort((a, b) => Number(cost(a) - cost(b)))[0];
        throw new NoRouteError({
          message: 'No model fits the request.',
          ...(cheapest && options.budget !== undefined
            ? { cheapest: { modelId: cheapest.id, estimatedCost: cost(cheapest) }, budget: options.budget }
            : {}),
        });
      }
      const sorted = [...affordable].sort((a, b) =>
        options.strategy === 'best_quality'
          ? tierRank(b.tier) - tierRank(a.tier) || Number(cost(a) - cost(b))
          : options.strategy === 'cheapest'
            ? Number(cost(a) - cost(b))
            : Math.abs(tierRank(a.tier) - 1) - Math.abs(tierRank(b.tier) - 1) || Number(cost(a) - cost(b)),
      );
      const model = sorted[0]!;
      return {
        model,
        strategy: options.strategy,
        scenario: { capabilities: [], complexity: 'simple' as const, signals: [] },
        budget: options.budget,
        estimatedCost: cost(model),
        worstCaseCost: cost(model),
        estimatedInputTokens: 10,
        estimatedOutputTokens: 100,
        withinBudget: true,
        rejected: [],
      };
    },
  };
}

/** One scripted reply of a model. */
export type Reply =
  | { text?: string; toolCalls?: Array<{ id: string; name: string; input: string }>; usage?: Partial<Usage> }
  | { error: unknown }
  | { parts: StreamPart[]; thenError?: unknown; hang?: boolean };

export const USAGE: Usage = { inputTokens: 12, outputTokens: 5, totalTokens: 17 };

/** A model answering from a script (the last reply repeats); records every call's options. */
export function createScriptedModel(id: string, replies: Reply[]) {
  const calls: CallOptions[] = [];
  let next = 0;
  const take = () => replies[Math.min(next++, replies.length - 1)]!;
  const model: LanguageModelV1 & { calls: CallOptions[] } = {
    specificationVersion: 'v1',
    provider: id.split('/')[0] ?? 'x',
    modelId: id.split('/')[1] ?? id,
    calls,
    async doGenerate(options) {
      calls.push(options);
      const reply = take();
      if ('error' in reply) throw reply.error;
      if ('parts' in reply) throw new Error('stream-only reply');
      const content: GenerateResult['content'] = [];
      if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
      for (const call of reply.toolCalls ?? []) {
        content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.input });
      }
      return {
        content,
        finishReason: reply.toolCalls
          ? { unified: 'tool-calls', raw: 'tool_calls' }
          : { unified: 'stop', raw: 'stop' },
        usage: { ...USAGE, ...reply.usage },
        warnings: [],
        response: { id: `up-${id}` },
      };
    },
    async doStream(options) {
      calls.push(options);
      const reply = take();
      if ('error' in reply) throw reply.error;
      const parts: StreamPart[] =
        'parts' in reply
          ? reply.parts
          : [
              { type: 'stream-start', warnings: [] },
              ...(reply.text ?? '').split(/(?<= )/).map((delta) => ({ type: 'text-delta' as const, delta })),
              { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { ...USAGE, ...reply.usage } },
            ];
      const tail = 'parts' in reply ? reply : undefined;
      let index = 0;
      const stream = new ReadableStream<StreamPart>({
        async pull(controller) {
          if (index < parts.length) {
            controller.enqueue(parts[index++]!);
            return;
          }
          if (tail?.thenError !== undefined) controller.enqueue({ type: 'error', error: tail.thenError });
          if (tail?.hang) {
            await new Promise<void>((resolve) => options.abortSignal?.addEventListener('abort', () => resolve()));
          }
          controller.close();
        },
      });
      return { stream };
    },
  };
  return model;
}

export function upstreamError(status: number, provider = 'openai'): ApiCallError {
  return new ApiCallError({
    message: `HTTP ${status} from upstream (secret detail sk-live-123 https://api.example.com/?key=abc)`,
    provider,
    url: 'https://api.example.com/v1/chat/completions',
    statusCode: status,
    responseBody: '{"error":{"message":"vendor secret text"}}',
  });
}

/** Deps over scripted models; `models` maps catalog id → scripted model. */
export function fixtureDeps(
  models: Record<string, ReturnType<typeof createScriptedModel>>,
  overrides: Partial<ProxyDeps> = {},
) {
  const records: LedgerView[] = [];
  const byId = new Map(CATALOG.map((m) => [m.id, m]));
  const router = createFixtureRouter(CATALOG);
  const deps: ProxyDeps = {
    registry: { models: () => CATALOG, get: (id) => byId.get(id) },
    router,
    resolve: (id) => {
      const model = models[id];
      if (!model) throw new NoSuchModelError({ modelId: id });
      return { model, providerId: id.split('/')[0]!, nativeModelId: model.modelId };
    },
    ledger: { append: (record) => void records.push(viewOf(record as CallRecord)) },
    logger: { warn: () => {}, error: () => {} },
    ...overrides,
  };
  return { deps, records, router };
}

/** A ledger record as the tests look at it. */
export interface LedgerView {
  kind: 'attempt' | 'request' | 'task';
  requestId: string | undefined;
  modelId: string;
  outcome: NonNullable<CallRecord['outcome']>;
  cost: bigint;
  estimated: boolean;
  inputTokens: number;
  outputTokens: number;
  /** The upstream HTTP status of a failed attempt, the client's status of a request. */
  status: number | undefined;
  errorClass: string | undefined;
  errorMessage: string | undefined;
  record: CallRecord;
}

export function viewOf(record: CallRecord): LedgerView {
  return {
    kind: record.kind,
    requestId: record.requestId,
    modelId: record.modelId,
    outcome: record.outcome ?? (record.success ? 'ok' : 'error'),
    cost: record.cost,
    estimated: record.usageEstimated === true,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    status: record.status,
    errorClass: record.errorClass,
    errorMessage: record.errorMessage,
    record,
  };
}
