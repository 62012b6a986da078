// The new doors fuzzed over HTTP like the chat door: mutated requests through the whole app (real providers,
// mock upstreams in auto mode) never get a 5xx, never hang, and every error is in the door's own shape.
import { createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { createMemoryLedgerStore } from '@tokenwise/ledger';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { createOpenAI } from '@tokenwise/providers-openai';
import type { ModelInfo } from '@tokenwise/spec';
import { createAnthropicMockUpstream, createOpenAIMockUpstream } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createProxyApp } from '../create-proxy-app.js';
import { messagesSeed, mulberry32, mutate, responsesSeed } from '../dialects/shared/fuzz-json.test-helper.js';

const SEED = 20261206;
const RUNS = 250;

function model(id: string, input: number, output: number): ModelInfo {
  return {
    id,
    name: id,
    provider: id.split('/')[0] ?? 'x',
    pricing: { inputPerMillion: input, outputPerMillion: output },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: ['general', 'code'],
    tier: 'mid',
    inputModalities: ['text'],
    supportedParameters: ['tools', 'max_tokens'],
  };
}

function app() {
  const openaiUpstream = createOpenAIMockUpstream();
  const anthropicUpstream = createAnthropicMockUpstream();
  const registry = createModelRegistry({
    models: [model('openai/gpt-4.1', 2, 8), model('anthropic/claude-sonnet-4.5', 3, 15)],
  });
  const resolver = createProviderResolver({
    providers: {
      openai: createOpenAI({ apiKey: 'sk-test', fetch: openaiUpstream.fetch }),
      anthropic: createAnthropic({ apiKey: 'sk-ant-test', fetch: anthropicUpstream.fetch }),
    },
    registry,
  });
  return createProxyApp({
    registry,
    router: createRouter({ models: registry }),
    resolve: (id) => resolver.resolve(id),
    ledger: createMemoryLedgerStore(),
    logger: { warn: () => {}, error: () => {} },
  });
}

async function fuzzDoor(path: string, seed: object, isOwnError: (body: unknown) => boolean) {
  const proxy = app();
  const random = mulberry32(SEED);
  const statuses = new Map<number, number>();
  for (let run = 0; run < RUNS; run++) {
    let body: unknown = seed;
    const depth = 1 + Math.floor(random() * 3);
    for (let step = 0; step < depth; step++) body = mutate(body, random);
    const response = await proxy.fetch(
      new Request(`http://proxy.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    // reading the whole body proves the stream ends (a hang fails the test by its timeout)
    const text = await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const where = `run ${run} (${response.status}) for ${JSON.stringify(body)}: ${text.slice(0, 300)}`;
    if (response.status >= 500) throw new Error(where);
    if (response.status >= 400) {
      if (!isOwnError(JSON.parse(text))) throw new Error(`foreign error shape, ${where}`);
    }
  }
  await proxy.flushLedger();
  return statuses;
}

describe(`doors over HTTP never answer 5xx, hang or leave their error shape (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('POST /v1/messages', { timeout: 60_000 }, async () => {
    const statuses = await fuzzDoor('/v1/messages', messagesSeed, (body) => {
      const error = (body as { type?: unknown; error?: { type?: unknown; message?: unknown } }).error;
      return (body as { type?: unknown }).type === 'error' && typeof error?.message === 'string';
    });
    expect(statuses.get(200)).toBeGreaterThan(0);
  });

  it('POST /v1/messages/count_tokens', { timeout: 60_000 }, async () => {
    const statuses = await fuzzDoor('/v1/messages/count_tokens', messagesSeed, (body) => {
      return (body as { type?: unknown }).type === 'error';
    });
    expect(statuses.get(400)).toBeGreaterThan(0);
  });

  it('POST /v1/responses', { timeout: 60_000 }, async () => {
    const statuses = await fuzzDoor('/v1/responses', responsesSeed, (body) => {
      const error = (body as { error?: { message?: unknown; type?: unknown } }).error;
      return typeof error?.message === 'string' && typeof error.type === 'string';
    });
    expect(statuses.get(200)).toBeGreaterThan(0);
  });
});
