import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord, PicoUsd } from '@tokenwise/spec';
import {
  createOpenRouterMockUpstream,
  type ListeningUpstream,
  openaiEndlessStream,
  openaiText,
} from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  ledgerRecords,
  rawRequest,
  type ServedProxy,
  sseEvents,
  spawnServe,
  TEST_UPSTREAM_KEY,
  until,
} from './spawn-serve.js';

// Issue #13 §2–3 end to end: the BUILT `tokenwise serve` as a process over real HTTP, against the test kit's
// OpenRouter mock on loopback playing a dishonest or broken vendor. The ceiling must hold (or an overrun be
// bounded and flagged), every door must end its answer properly, and the proxy must keep serving.

const MINI = 'openai/gpt-4.1-mini';
// the bundled catalog's price of gpt-4.1-mini, in pico-dollars per token
const INPUT_PICO = 400_000n;
const OUTPUT_PICO = 1_600_000n;

let home: string;
const upstream = createOpenRouterMockUpstream();
let server: ListeningUpstream;

beforeAll(async () => {
  assertBuilt();
  home = await mkdtemp(join(tmpdir(), 'tokenwise-ceiling-e2e-'));
  server = await upstream.listen();
});
afterAll(async () => {
  await server?.close();
  await rm(home, { recursive: true, force: true });
});

const chatCalls = () => upstream.calls.filter((call) => call.path.endsWith('/chat/completions'));

function serve(name: string, env: Record<string, string> = {}) {
  const ledgerPath = join(home, name, 'ledger.jsonl');
  return spawnServe({ home, upstreamUrl: server.url, ledgerPath, env }).then((proxy) => ({
    proxy,
    ledgerPath,
  }));
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The same small request in each door's dialect, streamed or not, with the client's own output limit. */
const DOORS = {
  chat: (maxTokens: number, stream: boolean) => ({
    path: '/v1/chat/completions',
    body: {
      model: MINI,
      messages: [{ role: 'user', content: 'Tell me a story' }],
      max_tokens: maxTokens,
      stream,
    },
  }),
  responses: (maxTokens: number, stream: boolean) => ({
    path: '/v1/responses',
    body: { model: MINI, input: 'Tell me a story', max_output_tokens: maxTokens, stream },
  }),
  messages: (maxTokens: number, stream: boolean) => ({
    path: '/v1/messages',
    body: {
      model: MINI,
      max_tokens: maxTokens,
      messages: [{ role: 'user', content: 'Tell me a story' }],
      stream,
    },
  }),
} as const;
type Door = keyof typeof DOORS;

function send(proxy: ServedProxy, door: Door, maxTokens: number, stream: boolean) {
  const { path, body } = DOORS[door](maxTokens, stream);
  return rawRequest(proxy.port, { path, headers: JSON_HEADERS, body: JSON.stringify(body) });
}

/** How each door says "cut at the output limit" at the end of a stream. */
function endsWithLength(door: Door, body: string): void {
  const events = sseEvents(body);
  switch (door) {
    case 'chat': {
      expect(events.at(-1)?.data).toBe('[DONE]');
      const finishes = events
        .filter((event) => event.data.startsWith('{'))
        .map((event) => (JSON.parse(event.data) as { choices: { finish_reason: string | null }[] }).choices)
        .flatMap((choices) => choices.map((choice) => choice.finish_reason))
        .filter((reason) => reason !== null);
      expect(finishes).toEqual(['length']);
      break;
    }
    case 'responses': {
      const last = events.at(-1)!;
      expect(last.event).toBe('response.incomplete');
      expect(JSON.parse(last.data)).toMatchObject({
        type: 'response.incomplete',
        response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
      });
      break;
    }
    case 'messages': {
      expect(events.at(-1)?.event).toBe('message_stop');
      const delta = events.find((event) => event.event === 'message_delta');
      expect(JSON.parse(delta!.data)).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
      break;
    }
  }
}

/** The cost of `input` and `output` tokens of gpt-4.1-mini, exactly. */
const costOf = (input: number, output: number): PicoUsd =>
  BigInt(input) * INPUT_PICO + BigInt(output) * OUTPUT_PICO;

const attempts = (records: CallRecord[]) => records.filter((record) => record.kind === 'attempt');

// Each test spawns `tokenwise serve`; on a loaded 2-core machine a spawn can take seconds.
describe('tokenwise serve: a budget is a ceiling (built binary, #13 §2–3)', { timeout: 120_000 }, () => {
  it('cuts a vendor that ignores max_tokens and drips forever, in every door, and keeps serving', async () => {
    const { proxy, ledgerPath } = await serve('drip', { TOKENWISE_PROXY_PROCESS_BUDGET: '$1' });
    try {
      for (const door of Object.keys(DOORS) as Door[]) {
        upstream.reset();
        upstream.enqueue(openaiEndlessStream('word ', { eventDelayMs: 1 }));
        const cut = await send(proxy, door, 20, true);
        expect(cut.status, door).toBe(200);
        endsWithLength(door, cut.body);
        const call = chatCalls()[0]!;
        expect((call.bodyJson as { max_tokens: number }).max_tokens).toBe(20);
        // the proxy aborted the upstream call: the mock saw its connection closed early
        await until(() => call.closedAt !== undefined);

        // the next request is served, by the same model
        const next = await send(proxy, door, 20, false);
        expect(next.status, door).toBe(200);
        expect(chatCalls()).toHaveLength(2);
      }
      await until(async () => attempts(await ledgerRecords(ledgerPath)).length === 6);
      const records = await ledgerRecords(ledgerPath);
      const cuts = attempts(records).filter((record) => record.outcome === 'cut');
      expect(cuts.map((record) => record.door)).toEqual(['chat', 'responses', 'messages']);
      for (const record of cuts) {
        expect(record).toMatchObject({ finishReason: 'length', errorCode: 'output_limit', modelId: MINI });
        const reserved = record.reserved!;
        // The reservation paid for the input bound and 20 output tokens.
        expect(reserved).toBe(costOf(record.inputTokens, 20));
        // At least what was reserved is settled: the vendor produced past max_tokens, so it billed that much.
        expect(record.cost).toBeGreaterThanOrEqual(reserved);
        // The guard lets the counted output pass max_tokens × 2 + 16 (the count errs high) and no further:
        // whatever goes above the reservation is bounded by that and flagged as an overrun.
        expect(record.outputTokens).toBeLessThanOrEqual(20 * 2 + 16);
        expect(record.cost).toBeLessThanOrEqual(costOf(record.inputTokens, 20 * 2 + 16));
        expect(record.overrun ?? 0n).toBe(record.cost - reserved);
      }
      expect(await readFile(ledgerPath, 'utf8')).not.toContain(TEST_UPSTREAM_KEY);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });
});
