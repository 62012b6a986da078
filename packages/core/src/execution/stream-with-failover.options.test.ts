import type { AttemptRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { createFakeModel, fakeInfo, readAll, usageOf } from './fake-language-model.test-helper.js';
import { streamWithFailover } from './stream-with-failover.js';

// The stream wrapper's own option: why the call is made, on every record.
const options = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };

async function recordOf(reason?: string): Promise<AttemptRecord> {
  const model = createFakeModel({
    stream: [
      [
        { type: 'text-delta', delta: 'ok' },
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usageOf(10, 1) },
      ],
    ],
  });
  const result = await streamWithFailover({
    candidates: [{ model, info: fakeInfo() }],
    options,
    budget: createBudget({ limit: usd('1') }),
    ...(reason === undefined ? {} : { reason }),
  });
  await readAll(result.stream);
  return (await result.outcome).record;
}

describe('streamWithFailover reason', () => {
  it('writes the given reason on the record, and the default without one', async () => {
    expect((await recordOf('nightly eval')).reason).toBe('nightly eval');
    expect((await recordOf()).reason).toBe('library call');
  });
});
