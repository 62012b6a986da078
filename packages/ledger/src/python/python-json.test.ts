import type { LedgerEntry, TaskRecord, TaskRoutingTrace } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../__fixtures__/create-random.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { python3Missing, pythonRoundTrip } from './__fixtures__/python-round-trip.js';
import { PythonFloat, pythonFloat, pythonJson, pythonString } from './python-json.js';
import { pythonTimestamp } from './python-timestamp.js';

describe('pythonFloat (repr(float))', () => {
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [0.011000000000000001, '0.011000000000000001'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [123456.789, '123456.789'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.2345e22, '1.2345e+22'],
    [-2.5e-300, '-2.5e-300'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
  ])('%s → %s', (value, text) => {
    expect(pythonFloat(value)).toBe(text);
  });

  it('refuses NaN and infinities', () => {
    expect(() => pythonFloat(Number.NaN)).toThrow(RangeError);
    expect(() => pythonFloat(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('pythonJson', () => {
  it("uses json.dumps's separators, ints for integral numbers and floats where marked", () => {
    expect(pythonJson({ a: [1, new PythonFloat(2), null, true], b: { c: 'x' }, d: undefined })).toBe(
      '{"a": [1, 2.0, null, true], "b": {"c": "x"}}',
    );
  });

  it('escapes like ensure_ascii: non-ASCII, DEL and control characters as \\uXXXX', () => {
    expect(pythonString('a"b\\c\n\t\r\b\f\u0001\u007fé€😀\ud800/')).toBe(
      '"a\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u007f\\u00e9\\u20ac\\ud83d\\ude00\\ud800/"',
    );
  });
});

describe('pythonTimestamp', () => {
  it("writes the original's form and keeps one already in it", () => {
    expect(pythonTimestamp('2026-03-01T10:00:00.123Z')).toBe('2026-03-01T10:00:00.123000+00:00');
    expect(pythonTimestamp('2026-03-01T12:00:00+02:00')).toBe('2026-03-01T10:00:00.000000+00:00');
    expect(pythonTimestamp('2026-02-23T16:47:05.123456+00:00')).toBe('2026-02-23T16:47:05.123456+00:00');
    expect(pythonTimestamp('not a time')).toBe('not a time');
    expect(pythonTimestamp(new Date(0))).toBe('1970-01-01T00:00:00.000000+00:00');
  });
});

const TEXTS = [
  'Plan a trip',
  'Résumé «draft» ✓',
  'quote " and \\ backslash',
  'tab\tnew\nline\u0000',
  '😀 emoji',
  '',
];
const MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-3.5-haiku', 'm/ünïcode'];

function randomTask(random: Random): TaskRecord {
  const amount = () => {
    switch (random.int(5)) {
      case 0:
        return 0n;
      case 1:
        return BigInt(random.int(1000));
      case 2:
        return BigInt(random.int(1_000_000_000)) * 1000n;
      case 3:
        return 10n ** 15n * BigInt(1 + random.int(3000));
      default:
        return BigInt(random.int(10 ** 9)) * BigInt(random.int(10 ** 6));
    }
  };
  const entries: LedgerEntry[] = Array.from({ length: random.int(4) }, () => {
    const entry: LedgerEntry = {
      reason: `step ${1 + random.int(5)} attempt 1`,
      modelId: random.pick(MODELS),
      inputTokens: random.int(100_000),
      outputTokens: random.int(10_000),
      cost: amount(),
      success: random.chance(0.8),
    };
    if (random.chance(0.3)) entry.latencyMs = random.chance(0.5) ? random.int(5000) : random.next() * 1000;
    if (random.chance(0.3)) entry.errorMessage = random.pick(TEXTS);
    if (random.chance(0.3)) entry.estimatedCost = amount();
    if (random.chance(0.3)) entry.providerId = 'openrouter';
    return entry;
  });
  const trace: TaskRoutingTrace = {
    requestId: 'a1b2c3d4e5f6',
    initialModel: random.pick(MODELS),
    initialTier: random.pick(['budget', 'mid', 'flagship'] as const),
    escalationPolicy: random.pick(['flexible', 'monotonic'] as const),
    escalations: random.chance(0.5)
      ? [
          {
            fromModel: random.pick(MODELS),
            fromTier: 'budget',
            toModel: random.pick(MODELS),
            toTier: 'flagship',
            reasonCode: 'model_error',
            stepId: 1,
            triggerScore: null,
            thresholdValue: random.chance(0.5) ? null : random.next(),
            reason: 'truncated',
            detail: random.pick(TEXTS),
          },
        ]
      : [],
    finalModel: random.pick(MODELS),
    finalTier: 'mid',
    terminationState: random.pick(['completed', 'failed', 'exhausted', 'aborted'] as const),
    budgetUsed: amount(),
    budgetRemaining: random.chance(0.2) ? -amount() : amount(),
    traceLevel: random.pick(['basic', 'verbose'] as const),
  };
  const task: TaskRecord = {
    kind: 'task',
    timestamp: new Date(Date.UTC(2026, 0, 1) + random.int(10 ** 10)).toISOString(),
    task: random.pick(TEXTS),
    success: random.chance(0.7),
    totalCost: amount(),
    plannerCost: amount(),
    wastedCost: amount(),
    entries,
  };
  if (random.chance(0.8)) task.budget = amount();
  if (random.chance(0.8)) task.routingTrace = trace;
  if (random.chance(0.5)) task.source = 'cli';
  if (random.chance(0.3)) task.taskId = 't-1';
  return task;
}

const noPython = python3Missing();
if (noPython !== undefined) console.log(`Skipping the python3 round trip: ${noPython}.`);

describe.skipIf(noPython !== undefined)('task lines through python3', () => {
  it('json.dumps(json.loads(line)) gives our line back byte for byte (1,000 varied records)', () => {
    const random = createRandom(20261205);
    const lines = Array.from({ length: 1000 }, () => serializeLedgerRecord(randomTask(random)));
    expect(pythonRoundTrip(lines)).toEqual(lines);
  });
});
