import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { attempt, request, sampleLedger } from './aggregate-fixtures.js';
import { createAggregateIndex } from './create-aggregate-index.js';
import { decodeAggregateIndex, encodeAggregateIndex } from './encode-aggregate-index.js';

function concat(pieces: Uint8Array[], lead = 0): Uint8Array {
  const bytes = new Uint8Array(lead + pieces.reduce((n, piece) => n + piece.length, 0));
  let at = lead;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes.subarray(lead);
}

function sampleIndex() {
  const index = createAggregateIndex();
  for (const record of sampleLedger()) index.add(record);
  // A cost beyond a safe integer, a request without an id, and a request that tried several models.
  index.add(attempt('big', '2026-12-03T00:00:00Z', 'm/huge', '100000'));
  index.add({ ...request('x', '2026-12-03T00:00:01Z', 'm/huge', '0'), requestId: undefined });
  index.add(request('big', '2026-12-03T00:00:00Z', 'm/huge', '100000', { modelsTried: ['a', 'm/huge'] }));
  return index;
}

describe('encodeAggregateIndex / decodeAggregateIndex', () => {
  it('restores an index that answers every query exactly as the original, and keeps growing', () => {
    const index = sampleIndex();
    const decoded = decodeAggregateIndex(concat(encodeAggregateIndex(index.snapshot(), { files: [1] })));
    expect(decoded?.meta).toEqual({ files: [1] });
    const restored = createAggregateIndex(decoded!.data);
    for (const query of [{}, { bucket: 'hour' as const, top: 10 }, { keyId: 'k1' }, { modelId: 'm/huge' }]) {
      expect(restored.query(query)).toEqual(index.query(query));
    }
    expect(restored.query().totals.spend).toBe(usd('0.0330') + usd('100000'));
    const more = attempt('r9', '2026-12-04T00:00:00Z', 'm', '0.5');
    restored.add(more);
    index.add(more);
    expect(restored.size).toBe(index.size);
    expect(restored.query({ top: 20 })).toEqual(index.query({ top: 20 }));
  });

  it('reads columns that are not 8-byte aligned (copies them)', () => {
    const index = sampleIndex();
    const decoded = decodeAggregateIndex(concat(encodeAggregateIndex(index.snapshot(), null), 3));
    expect(createAggregateIndex(decoded!.data).query({ top: 5 })).toEqual(index.query({ top: 5 }));
  });

  it('refuses truncated, padded, foreign or garbled bytes', () => {
    const bytes = concat(encodeAggregateIndex(sampleIndex().snapshot(), null));
    expect(decodeAggregateIndex(bytes.subarray(0, bytes.length - 8))).toBeUndefined();
    expect(decodeAggregateIndex(concat([bytes, new Uint8Array(8)]))).toBeUndefined();
    expect(decodeAggregateIndex(new TextEncoder().encode('{"not":"an index"}'))).toBeUndefined();
    const garbled = bytes.slice();
    garbled[14] = 0x7b; // inside the JSON header
    expect(decodeAggregateIndex(garbled)).toBeUndefined();
    expect(decodeAggregateIndex(new Uint8Array(0))).toBeUndefined();
  });
});
