import type { AttemptRecord, StreamPart } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { costOf } from '../pricing/index.js';
import { createCallEngine, responseByteCap } from './call-engine.js';
import {
  createFakeModel,
  fakeInfo,
  fixedTokens,
  hiPrompt as prompt,
  readAll,
  streamStart as start,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';

const word: StreamPart = { type: 'text-delta', delta: 'word ' };
const info = fakeInfo({ pricing: { inputPerMillion: 1, outputPerMillion: 2 } });

/** A stream that never finishes: a vendor that ignores max_tokens and drips words forever. */
function endlessModel() {
  const state = { pulled: 0, cancelled: false };
  const model = createFakeModel({ stream: [[]] });
  model.doStream = async (options) => {
    model.calls.push(options);
    return {
      stream: new ReadableStream<StreamPart>(
        {
          pull(controller) {
            controller.enqueue(state.pulled++ === 0 ? start : word);
          },
          cancel() {
            state.cancelled = true;
          },
        },
        { highWaterMark: 0 },
      ),
    };
  };
  return { model, state };
}

describe('the output guard (streams)', () => {
  it('cuts a vendor that ignores max_tokens: finish `length`, upstream cancelled, record `cut`, settled', async () => {
    const { model, state } = endlessModel();
    const budget = createBudget({ limit: usd('1') });
    const records: AttemptRecord[] = [];
    const engine = createCallEngine({
      countInputTokens: fixedTokens(100),
      countOutputTokens: (text) => text.length,
      outputCutFactor: 1.5,
      onRecord: (record) => records.push(record),
    });
    const result = await engine.stream({
      options: { prompt, maxOutputTokens: 20 },
      candidates: [{ info, model }],
      budget,
    });
    const parts = await readAll(result.stream);
    const last = parts.at(-1)!;
    expect(last).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'length', raw: 'tokenwise_output_limit' },
    });
    // 20 × 1.5 + 16 slack = 46 tokens (letters here) may pass; ten words of five letters are 50.
    const forwarded = parts.filter((part) => part.type === 'text-delta').length;
    expect(forwarded).toBe(9);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(15);
    const outcome = await result.outcome;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'cut', errorCode: 'output_limit', finishReason: 'length' });
    expect(records[0]!.outputTokens).toBe(46);
    const counted = costOf(info, { inputTokens: 100, outputTokens: 46 })!;
    // What was counted before the cut is above the reservation here, so that is what is settled.
    expect(counted > result.plan.worstCase).toBe(true);
    expect(outcome.cost).toBe(counted);
    expect(records[0]!.overrun).toBe(outcome.cost - result.plan.worstCase);
    expect(budget.snapshot()).toMatchObject({ spent: outcome.cost, reserved: 0n, openReservations: 0 });
  });

  it('never cuts an honest answer of exactly max_tokens', async () => {
    const parts: StreamPart[] = [start];
    for (let i = 0; i < 4; i++) parts.push(word);
    parts.push({
      type: 'finish',
      finishReason: { unified: 'length', raw: 'length' },
      usage: usageOf(100, 20),
    });
    const model = createFakeModel({ stream: [parts] });
    const engine = createCallEngine({
      countInputTokens: fixedTokens(100),
      countOutputTokens: (text) => text.length,
      outputCutFactor: 1,
    });
    const result = await engine.stream({
      options: { prompt, maxOutputTokens: 20 },
      candidates: [{ info, model }],
    });
    expect(await readAll(result.stream)).toEqual(parts);
    expect((await result.outcome).record.outcome).toBe('ok');
  });
});

describe('non-streamed answers', () => {
  it('asks the adapter to stop reading a body larger than the reservation pays for', async () => {
    const model = createFakeModel({ generate: [textResult('ok', usageOf(10, 5))] });
    const engine = createCallEngine({ countInputTokens: fixedTokens(10) });
    const result = await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [{ info, model }],
    });
    expect(model.calls[0]!.maxResponseBytes).toBe(responseByteCap(result.plan));
    expect(responseByteCap(result.plan)).toBe(262_144 + 100 * 64);
  });

  it('settles an inflated usage report at the truth, flags the overrun and lets the next reservation see it', async () => {
    const model = createFakeModel({
      generate: [textResult('ok', usageOf(5_000, 5_000)), textResult('ok', usageOf(10, 5))],
    });
    const overruns: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('0.02') });
    const engine = createCallEngine({
      countInputTokens: fixedTokens(10),
      onOverrun: (r) => overruns.push(r),
    });
    const first = await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [{ info, model }],
      budget,
    });
    const truth = costOf(info, { inputTokens: 5_000, outputTokens: 5_000 })!;
    expect(first.cost).toBe(truth);
    expect(first.attempts[0]!.overrun).toBe(truth - first.plan.worstCase);
    expect(overruns).toEqual([first.attempts[0]]);
    expect(budget.spent).toBe(truth);
    expect(budget.remaining()).toBe(usd('0.02') - truth);
    const second = await engine.generate({
      options: { prompt, maxOutputTokens: 100 },
      candidates: [{ info, model }],
      budget,
    });
    expect(second.attempts[0]!.overrun).toBeUndefined();
    expect(budget.spent).toBe(truth + second.cost);
  });
});
