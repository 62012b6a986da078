import { InvalidArgumentError } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createWriteBehindSettles,
  type QueuedSettle,
  type SettleOutcome,
  type SettleWarning,
} from './write-behind-settles.js';

// The queue alone, with a recorded writer: which settles travel together, when a waiting batch leaves early,
// and what is reported. The PostgreSQL side is in postgres-write-behind.test.ts.

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder(answer: (batch: readonly QueuedSettle[]) => Promise<ReadonlyMap<string, SettleOutcome>>) {
  const batches: string[][] = [];
  const warnings: SettleWarning[] = [];
  return {
    batches,
    warnings,
    write: async (batch: readonly QueuedSettle[]) => {
      batches.push(batch.map((entry) => `${entry.id}=${entry.actual}`));
      return answer(batch);
    },
    onWarning: (warning: SettleWarning) => warnings.push(warning),
  };
}

const allSettled = async () => new Map<string, SettleOutcome>();

describe('createWriteBehindSettles', () => {
  it('sends the settles of one wait together, and the next ones in the next batch', async () => {
    const r = recorder(allSettled);
    const settles = createWriteBehindSettles({ ...r, batchMs: 20 });
    settles.start('a', ['key:1'], 1n);
    await vi.advanceTimersByTimeAsync(10);
    settles.start('b', ['key:2'], 2n);
    expect(r.batches).toEqual([]);
    expect(settles.pendingOn(['key:2'])).toBe(true);
    expect(settles.pendingOn(['key:3'])).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(r.batches).toEqual([['a=1', 'b=2']]);
    expect(settles.pendingOn(['key:1', 'key:2'])).toBe(false);
    settles.start('c', ['key:1'], 3n);
    await vi.advanceTimersByTimeAsync(20);
    expect(r.batches).toEqual([['a=1', 'b=2'], ['c=3']]);
  });

  it('sends a full batch at once, and each settle alone with batchMs 0', async () => {
    const r = recorder(allSettled);
    const settles = createWriteBehindSettles({ ...r, batchMs: 1_000, maxBatch: 3 });
    for (const id of ['a', 'b', 'c', 'd']) settles.start(id, ['key:1'], 1n);
    await vi.advanceTimersByTimeAsync(0);
    expect(r.batches).toEqual([['a=1', 'b=1', 'c=1']]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(r.batches).toEqual([['a=1', 'b=1', 'c=1'], ['d=1']]);

    const alone = recorder(allSettled);
    const eager = createWriteBehindSettles({ ...alone, batchMs: 0 });
    eager.start('x', ['key:1'], 1n);
    eager.start('y', ['key:1'], 2n);
    await vi.advanceTimersByTimeAsync(0);
    expect(alone.batches).toEqual([['x=1'], ['y=2']]);
  });

  it('sends a waiting batch when a wait needs one of its settles, and only then resolves the wait', async () => {
    const r = recorder(allSettled);
    const settles = createWriteBehindSettles({ ...r, batchMs: 60_000 });
    settles.start('a', ['key:1'], 1n);
    settles.start('b', ['key:2'], 2n);
    // Nothing pending on key:3: no reason to send.
    await settles.landed(['key:3']);
    expect(r.batches).toEqual([]);
    await settles.landed(['key:2']);
    expect(r.batches).toEqual([['a=1', 'b=2']]);
    settles.start('c', ['key:1'], 3n);
    await settles.settled('c');
    expect(r.batches).toEqual([['a=1', 'b=2'], ['c=3']]);
    await settles.settled('unknown');
    settles.start('d', ['key:1'], 4n);
    await settles.landed();
    expect(r.batches.at(-1)).toEqual(['d=4']);
  });

  it('retries a failed batch with backoff until it lands, warning of nothing', async () => {
    let failures = 2;
    const r = recorder(async () => {
      if (failures-- > 0) throw new Error('connection refused');
      return new Map();
    });
    const settles = createWriteBehindSettles({ ...r, batchMs: 5 });
    settles.start('a', ['key:1'], 1n);
    const landed = settles.landed();
    // Sent at once (a wait needs it), then again after 50 ms, then after 100 more.
    await vi.advanceTimersByTimeAsync(49);
    expect(r.batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 99);
    expect(r.batches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await landed;
    expect(r.batches).toEqual([['a=1'], ['a=1'], ['a=1']]);
    expect(r.warnings).toEqual([]);
  });

  it('reports each settle of a batch that cannot land by close, and one the server had already charged or never knew', async () => {
    const r = recorder(async (batch) => {
      if (batch.some((entry) => entry.id === 'down')) throw new Error('connection refused');
      return new Map<string, SettleOutcome>([
        ['lapsed', 'expired'],
        ['ghost', 'none'],
      ]);
    });
    const settles = createWriteBehindSettles({ ...r, batchMs: 5 });
    settles.start('lapsed', ['key:1'], 1n);
    settles.start('ghost', ['key:1'], 1n);
    settles.start('fine', ['key:1'], 1n);
    await settles.landed();
    expect(r.warnings.map((w) => w.reservationId)).toEqual(['lapsed', 'ghost']);
    expect(r.warnings[0]!.message).toMatch(/lapsed .* worst case/);
    expect(r.warnings[0]).not.toHaveProperty('error');
    expect(r.warnings[1]!.message).toMatch(/does not know/);

    r.warnings.length = 0;
    settles.start('down', ['key:1'], 1n);
    settles.start('down-too', ['key:1'], 1n);
    await vi.advanceTimersByTimeAsync(5);
    const closed = settles.close();
    await vi.advanceTimersByTimeAsync(50);
    await closed;
    expect(r.warnings.map((w) => w.reservationId)).toEqual(['down', 'down-too']);
    expect(r.warnings[0]!.message).toMatch(/will lapse and be settled at its worst case/);
    expect(r.warnings[0]!.error).toBeInstanceOf(Error);
    // After close a settle is sent at once and not retried.
    settles.start('after', ['key:1'], 1n);
    await settles.landed();
    expect(r.batches.at(-1)).toEqual(['after=1']);
  });

  it('waits on close for the writes in flight, and counts a settle of several scopes as pending on each', async () => {
    let finish!: () => void;
    const r = recorder(() => new Promise((resolve) => (finish = () => resolve(new Map()))));
    const settles = createWriteBehindSettles({ ...r, batchMs: 5 });
    settles.start('team-and-key', ['team:t', 'key:k'], 1n);
    expect(settles.pendingOn(['key:k'])).toBe(true);
    expect(settles.pendingOn(['team:t'])).toBe(true);
    let closed = false;
    const closing = settles.close().then(() => {
      closed = true;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(r.batches).toEqual([['team-and-key=1']]);
    expect(closed).toBe(false);
    finish();
    await closing;
    expect(closed).toBe(true);
    expect(settles.pendingOn(['key:k'])).toBe(false);
  });

  it('gives up at once on a batch the server refuses as bad input', async () => {
    const r = recorder(async () => {
      throw new InvalidArgumentError({ argument: 'id', message: 'bad id' });
    });
    const settles = createWriteBehindSettles({ ...r, batchMs: 5 });
    settles.start('bad', ['key:1'], 1n);
    await vi.advanceTimersByTimeAsync(5);
    await settles.landed();
    expect(r.batches).toHaveLength(1);
    expect(r.warnings.map((w) => w.reservationId)).toEqual(['bad']);
  });
});
