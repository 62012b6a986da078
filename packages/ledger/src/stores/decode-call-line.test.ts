import { type CallRecord, COST_SOURCES, type PicoUsd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../__fixtures__/create-random.js';
import { mutate } from '../__fixtures__/mutate-line.js';
import { sampleLedger } from '../aggregate/aggregate-fixtures.js';
import { decodeLedgerRecord } from '../ledger-record-schema.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { decodeCallLine } from './decode-call-line.js';

const TEXTS = ['plain', 'say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', 'emoji 🎉 名前', '\u2028', ''];
const pick = <T>(random: Random, items: readonly T[]) => items[random.int(items.length)]!;
const maybe = <T>(random: Random, value: () => T) => (random.chance(0.5) ? value() : undefined);

function amount(random: Random): PicoUsd {
  switch (random.int(5)) {
    case 0:
      return 0n;
    case 1:
      return BigInt(random.int(1000));
    case 2:
      return BigInt(random.int(1_000_000_000)) * 1000n;
    case 3:
      return 10n ** 18n * BigInt(1 + random.int(5)); // beyond a safe integer
    default:
      return -BigInt(random.int(5_000_000)); // not the writer's plain decimal: the reference path
  }
}

/** A call record with any of its optional fields. */
function call(random: Random): CallRecord {
  const record: CallRecord = {
    kind: random.chance(0.6) ? 'attempt' : 'request',
    timestamp: pick(random, ['2026-03-01T08:00:00.000Z', '2026-03-02T00:30:00+02:00', 'not a time', '']),
    source: pick(random, ['proxy', 'library', 'ünïcode "src"']),
    reason: pick(random, TEXTS),
    modelId: pick(random, ['openai/gpt-4o-mini', 'modèle/ü-名前', '']),
    inputTokens: random.int(100_000),
    outputTokens: random.int(10_000),
    cost: amount(random),
    success: random.chance(0.8),
  };
  const optional: Partial<CallRecord> = {
    requestId: maybe(random, () => `req-${random.int(1000)}`),
    providerId: maybe(random, () => pick(random, ['openai', 'x "y"'])),
    cachedInputTokens: maybe(random, () => random.int(100)),
    reasoningTokens: maybe(random, () => random.int(100)),
    estimatedCost: maybe(random, () => amount(random)),
    usageEstimated: maybe(random, () => random.chance(0.5)),
    errorClass: maybe(random, () => 'TokenwiseApiCallError'),
    errorMessage: maybe(random, () => pick(random, TEXTS)),
    latencyMs: maybe(random, () => (random.chance(0.5) ? random.int(5000) : random.next() * 1000)),
    budget: maybe(random, () => amount(random)),
    attempt: maybe(random, () => 1 + random.int(3)),
    modelsTried: maybe(random, () => ['a', 'b "c"', 'é'].slice(0, random.int(4))),
    outcome: maybe(random, () =>
      pick(random, ['ok', 'error', 'refused', 'cancelled', 'timeout', 'cut'] as const),
    ),
    door: maybe(random, () => pick(random, ['chat', 'messages'])),
    keyId: maybe(random, () => `key_${random.int(9)}`),
    teamId: maybe(random, () => pick(random, ['blue', 'rød'])),
    strategy: maybe(random, () => 'balanced'),
    modelAsked: maybe(random, () => 'auto'),
    status: maybe(random, () => pick(random, [200, 402, 503])),
    errorCode: maybe(random, () => 'budget_exceeded'),
    attemptKind: maybe(random, () => pick(random, ['first', 'retry', 'failover', 'escalation'] as const)),
    called: maybe(random, () => random.chance(0.5)),
    costSource: maybe(random, () => pick(random, COST_SOURCES)),
    finishReason: maybe(random, () => 'stop'),
    reserved: maybe(random, () => amount(random)),
    overrun: maybe(random, () => amount(random)),
  };
  for (const [name, value] of Object.entries(optional)) {
    if (value !== undefined) (record as unknown as Record<string, unknown>)[name] = value;
  }
  return record;
}

/** The reference way: JSON.parse and the record schema. */
function reference(line: string) {
  try {
    return decodeLedgerRecord(JSON.parse(line));
  } catch {
    return undefined;
  }
}

describe('decodeCallLine', () => {
  it('decodes the proxy lines the writer produces, equal to the reference', () => {
    for (const record of sampleLedger()) {
      const line = serializeLedgerRecord(record);
      const fast = decodeCallLine(line, 0, line.length);
      if (record.kind === 'task') expect(fast).toBeUndefined();
      else expect(fast).toEqual(reference(line));
    }
  });

  it('either declines a line or decodes it exactly as the reference does (fuzzed)', () => {
    const random = createRandom(20261205);
    let taken = 0;
    for (let i = 0; i < 5000; i++) {
      let line = serializeLedgerRecord(call(random));
      if (random.chance(0.5)) line = mutate(line, random);
      const fast = decodeCallLine(line, 0, line.length);
      if (fast === undefined) continue;
      taken++;
      expect(fast, line).toEqual(reference(line));
    }
    // Most unmutated lines take the fast path (negative amounts do not).
    expect(taken).toBeGreaterThan(1000);
  });

  it('reads a line in place inside a longer text', () => {
    const line = serializeLedgerRecord(sampleLedger()[1]!);
    const text = `xx\n${line}\nyy`;
    expect(decodeCallLine(text, 3, 3 + line.length)).toEqual(reference(line));
    expect(decodeCallLine(text, 3, 2 + line.length)).toBeUndefined();
  });
});
