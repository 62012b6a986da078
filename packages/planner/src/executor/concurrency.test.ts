import { createModelRegistry } from '@tokenwise/core';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { fakeLanguageModel, fakeResult } from '../__fixtures__/fake-language-model.js';
import { appendixModels, makePlan } from '../__fixtures__/planner-fixtures.js';
import { createExecutor } from './create-executor.js';

/** An executor over a fake model that records how many calls overlap. */
function trackingExecutor() {
  const stats = { inFlight: 0, peak: 0, order: [] as string[] };
  const executor = createExecutor({
    registry: createModelRegistry({ models: appendixModels() }),
    resolve: (id) => ({
      model: fakeLanguageModel(id, async (options) => {
        stats.inFlight++;
        stats.peak = Math.max(stats.peak, stats.inFlight);
        const text = (options.prompt[0]!.content[0] as { text: string }).text;
        stats.order.push(text.slice(-11));
        await new Promise<void>((resolve) => setImmediate(resolve));
        stats.inFlight--;
        return fakeResult(`done: ${text.slice(-11)}`, { inputTokens: 10, outputTokens: 10 });
      }),
    }),
    countTokens: () => 10,
  });
  return { executor, stats };
}

describe('executor concurrency', () => {
  it('runs at most 4 steps at once by default', async () => {
    const { executor, stats } = trackingExecutor();
    const result = await executor.execute(
      makePlan(
        Array.from({ length: 10 }, () => ({})),
        usd(1),
      ),
    );
    expect(result.success).toBe(true);
    expect(stats.peak).toBe(4);
  });

  it('honours a configured limit, including 1 (plan order)', async () => {
    const { executor, stats } = trackingExecutor();
    await executor.execute(
      makePlan(
        Array.from({ length: 6 }, () => ({})),
        usd(1),
      ),
      { concurrency: 2 },
    );
    expect(stats.peak).toBe(2);
    const serial = trackingExecutor();
    await serial.executor.execute(
      makePlan(
        Array.from({ length: 3 }, () => ({})),
        usd(1),
      ),
      { concurrency: 1 },
    );
    expect(serial.stats.peak).toBe(1);
    expect(serial.stats.order).toEqual(['step 1 task', 'step 2 task', 'step 3 task']);
  });

  it('starts a dependent step as soon as its own dependencies are done, not a whole batch', async () => {
    const { executor, stats } = trackingExecutor();
    // 1 → 3 while 2 is independent: 3 may start before 2 ends only if batching is not used
    const result = await executor.execute(
      makePlan([{}, {}, { dependsOn: [1] }, { dependsOn: [3] }], usd(1)),
      { concurrency: 4 },
    );
    expect(result.success).toBe(true);
    expect(stats.order.slice(0, 2)).toEqual(['step 1 task', 'step 2 task']);
    expect(stats.order).toHaveLength(4);
  });

  it('rejects a bad concurrency', async () => {
    const { executor } = trackingExecutor();
    await expect(executor.execute(makePlan([{}], usd(1)), { concurrency: 0 })).rejects.toThrow(
      /concurrency must be/,
    );
  });
});
