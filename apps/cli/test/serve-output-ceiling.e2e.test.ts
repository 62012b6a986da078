import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallRecord, type PicoUsd, toDecimalString } from '@tokenwise/spec';
import {
  createOpenRouterMockUpstream,
  type ListeningUpstream,
  openaiCutStream,
  openaiEndlessStream,
  openaiText,
} from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  ledgerRecords,
  ledgerText,
  rawRequest,
  type ServedProxy,
  spawnServe,
  sseEvents,
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
      // and flagged in the log, once per cut
      const flagged = overrunLines(proxy);
      expect(flagged.map((line) => [line.requestId, line.outcome])).toEqual(
        cuts.map((record) => [record.requestId, 'cut']),
      );
      expect(await ledgerText(ledgerPath)).not.toContain(TEST_UPSTREAM_KEY);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });

  it('settles an inflated usage report as the truth: overrun on the record, one log line, /metrics, the remainder', async () => {
    const { proxy, ledgerPath } = await serve('inflated', { TOKENWISE_PROXY_PROCESS_BUDGET: '$0.01' });
    try {
      upstream.reset();
      // asked for 20 output tokens, claims 5,000: $0.000004 + $0.008 of a $0.01 process budget
      upstream.enqueue(openaiText('short', { usage: { inputTokens: 10, outputTokens: 5_000 } }));
      const inflated = await send(proxy, 'chat', 20, false);
      expect(inflated.status).toBe(200);
      const truth = costOf(10, 5_000);
      await until(async () => attempts(await ledgerRecords(ledgerPath)).length === 1);
      const [record] = attempts(await ledgerRecords(ledgerPath));
      expect(record).toMatchObject({ outcome: 'ok', cost: truth, costSource: 'usage', outputTokens: 5_000 });
      // both figures: what was held and what was billed above it
      // the hold: the input bound (a few tokens here) and the 20 output tokens asked for
      expect(record!.reserved).toBeGreaterThan(costOf(1, 20));
      expect(record!.reserved).toBeLessThan(costOf(200, 20));
      expect(record!.overrun).toBe(truth - record!.reserved!);

      // ONE structured warning names the request, the model and both figures, and no secret
      await until(() => overrunLines(proxy).length > 0);
      const lines = overrunLines(proxy);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        requestId: record!.requestId,
        model: MINI,
        outcome: 'ok',
        // USD, like the request lines' cost: $0.008004 billed, what was held, and the difference
        cost: '0.008004',
        reserved: toDecimalString(record!.reserved!),
        overrun: toDecimalString(record!.overrun!),
      });
      expect(proxy.stdout() + proxy.stderr()).not.toContain(TEST_UPSTREAM_KEY);

      // /metrics counts it, in USD
      const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
      const counted = new RegExp(
        `^tokenwise_reservation_overrun_usd_total\\{model="${MINI}"\\} (\\S+)$`,
        'm',
      ).exec(metrics);
      expect(Number(counted?.[1])).toBeCloseTo(Number(record!.overrun) / 1e12, 12);

      // the next reservation sees the real remainder ($0.01 − $0.008004), not the one held: max_tokens 5,000
      // is clamped to what is left
      upstream.enqueue(openaiText('fits', { usage: { inputTokens: 10, outputTokens: 5 } }));
      const next = await send(proxy, 'chat', 5_000, false);
      expect(next.status).toBe(200);
      const sent = (chatCalls()[1]!.bodyJson as { max_tokens: number }).max_tokens;
      const remaining = 10_000_000_000n - truth;
      expect(BigInt(sent) * OUTPUT_PICO).toBeLessThanOrEqual(remaining);
      // only the input bound (well under 200 tokens here) and rounding stand between the clamp and the remainder
      expect(remaining - BigInt(sent) * OUTPUT_PICO).toBeLessThan(OUTPUT_PICO + 200n * INPUT_PICO);
      expect(overrunLines(proxy)).toHaveLength(1);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });

  it('a 200 cut mid-body is settled at the reserved worst case (non-streamed) or the counted output (streamed), never $0', async () => {
    const { proxy, ledgerPath } = await serve('cut-body', { TOKENWISE_PROXY_PROCESS_BUDGET: '$1' });
    try {
      upstream.reset();
      upstream.enqueue({ ...openaiText('The answer is forty-two, and here is why.'), cutAfterBytes: 120 });
      const cut = await send(proxy, 'chat', 100, false);
      expect(cut.status).toBe(502);
      expect(JSON.parse(cut.body)).toMatchObject({
        error: {
          code: 'upstream_invalid_response',
          message:
            'The upstream provider openrouter cut its answer off mid-way. Retry or pick another model.',
        },
      });
      // spaced out, so the content is read before the drop (all at once, a drop can beat it on loopback)
      upstream.enqueue({ ...openaiCutStream(['Four ', 'is the ', 'answer']), eventDelayMs: 20 });
      const streamed = await send(proxy, 'chat', 100, true);
      expect(streamed.status).toBe(200);
      await until(async () => attempts(await ledgerRecords(ledgerPath)).length === 2);
      const [whole, partial] = attempts(await ledgerRecords(ledgerPath));
      // the vendor billed an answer it sent: at most the worst case, which is what is settled
      expect(whole).toMatchObject({ success: false, costSource: 'worst-case', outputTokens: 100 });
      expect(whole!.cost).toBe(whole!.reserved);
      expect(whole!.cost).toBeGreaterThan(costOf(1, 100));
      // the streamed one ended without usage: settled from what was counted (a few tokens), not $0
      expect(partial).toMatchObject({ success: false, costSource: 'estimate' });
      expect(partial!.outputTokens).toBeGreaterThan(0);
      expect(partial!.cost).toBe(costOf(partial!.inputTokens, partial!.outputTokens));
      expect(partial!.cost).toBeLessThanOrEqual(partial!.reserved!);
      // each request record carries its attempt's cost
      const requests = (await ledgerRecords(ledgerPath)).filter((record) => record.kind === 'request');
      expect(requests.map((record) => record.cost)).toEqual([whole!.cost, partial!.cost]);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });

  it('20 concurrent 15 MB answers: each a clear error, bounded memory, every reservation ended', async () => {
    // $0.16 holds the 20 worst cases at once (20 × ~$0.00656 for 4,096 default output tokens) and leaves less
    // than the model's 32,768-token maximum costs, so a later clamp shows exactly what is still free.
    const limit = 160_000_000_000n;
    const { proxy, ledgerPath } = await serve('huge', { TOKENWISE_PROXY_PROCESS_BUDGET: '$0.16' });
    try {
      upstream.reset();
      // warm up: the first request loads what a request needs, so the figure below is the bodies' cost
      expect((await send(proxy, 'chat', 20, false)).status).toBe(200);
      const huge = openaiText('x'.repeat(15 * 1024 * 1024));
      const hugeText = JSON.stringify(huge.body);
      upstream.setDefault({ type: 'text', body: hugeText, contentType: 'application/json' });
      const before = await proxy.rssKiB();
      let peak = before;
      let running = true;
      const sampler = (async () => {
        while (running) {
          peak = Math.max(peak, await proxy.rssKiB());
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          rawRequest(proxy.port, {
            path: '/v1/chat/completions',
            headers: JSON_HEADERS,
            body: JSON.stringify({ model: MINI, messages: [{ role: 'user', content: 'Tell me a story' }] }),
          }),
        ),
      );
      running = false;
      await sampler;
      const grewMiB = (peak - before) / 1024;
      console.log(
        `tokenwise serve RSS ${Math.round(before / 1024)} MiB before, ${Math.round(peak / 1024)} MiB at peak (+${grewMiB.toFixed(1)} MiB) for 20 concurrent 15 MB answers`,
      );
      for (const answer of answers) {
        expect(answer.status).toBe(502);
        const error = (JSON.parse(answer.body) as { error: { message: string } }).error;
        expect(error.message).toBe(
          'The upstream provider openrouter sent an answer larger than its max_tokens allows; TokenWise stopped reading it. Retry or pick another model.',
        );
      }
      // Each body is read up to 256 KiB + 64 bytes per reserved output token (512 KiB at the default 4,096)
      // and dropped: 20 × 512 KiB = 10 MiB of body, a few copies of it while decoding, plus socket buffers.
      // 64 MiB bounds that with room for the garbage collector's lag; without the cap it was +1.26 GB.
      expect(grewMiB).toBeLessThan(64);

      upstream.setDefault(undefined);
      await until(async () => attempts(await ledgerRecords(ledgerPath)).length === 21);
      const failed = attempts(await ledgerRecords(ledgerPath)).slice(1);
      let spent = attempts(await ledgerRecords(ledgerPath))[0]!.cost;
      for (const record of failed) {
        // an answer arrived and was too big to read: billed, so settled at the worst case
        expect(record).toMatchObject({ success: false, costSource: 'worst-case' });
        expect(record.cost).toBe(record.reserved);
        spent += record.cost;
      }
      // every hold ended: the next request may take everything not spent (the clamp shows it)
      const probe = await send(proxy, 'chat', 32_768, false);
      expect(probe.status).toBe(200);
      const sent = BigInt((chatCalls().at(-1)!.bodyJson as { max_tokens: number }).max_tokens);
      const free = limit - spent;
      expect(sent * OUTPUT_PICO).toBeLessThanOrEqual(free);
      expect(free - sent * OUTPUT_PICO).toBeLessThan(OUTPUT_PICO + 200n * INPUT_PICO);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });
});

/** The structured warnings about a settled cost above its reservation. */
function overrunLines(proxy: ServedProxy): Record<string, unknown>[] {
  return proxy.logLines().filter((line) => line.msg === 'Upstream billed more than its reservation.');
}
