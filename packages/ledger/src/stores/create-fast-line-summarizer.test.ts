import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CallRecord,
  LedgerEntry,
  LedgerRecord,
  LedgerSummary,
  LedgerWarning,
  PicoUsd,
  TaskRecord,
  TaskRoutingTrace,
} from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../__fixtures__/create-random.js';
import { mutate } from '../__fixtures__/mutate-line.js';
import { decodeLedgerRecord } from '../ledger-record-schema.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createSummaryAccumulator } from '../summarize-records.js';
import { createFastLineSummarizer } from './create-fast-line-summarizer.js';
import { createJsonlLedgerStore } from './create-jsonl-ledger-store.js';

const PYTHON_LINES = readFileSync(new URL('../__fixtures__/python-ledger.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '');

const MODELS = [
  'openai/gpt-4o-mini',
  'anthropic/claude-3.5-haiku',
  'google/gemini-2.0-flash',
  'modèle/ü-名前',
  '',
];
const TEXTS = [
  'plain',
  'say "hi"',
  'back\\slash',
  'tab\there',
  'line\nbreak',
  'emoji 🎉 and 名前',
  '\u2028',
  '',
];
const STAMPS = [
  '2026-03-01T08:00:00.000Z',
  '2026-03-01T23:59:59.999Z',
  '2026-03-02T00:30:00+02:00',
  '2026-02-23T16:47:05.123456+00:00',
  'not a time',
  '',
];

function amount(random: Random): PicoUsd {
  switch (random.int(6)) {
    case 0:
      return 0n;
    case 1:
      return BigInt(random.int(1000));
    case 2:
      return BigInt(random.int(1_000_000_000)) * 1000n;
    case 3:
      // At or above 1000 USD: needs bigint.
      return 999_999_999_999_999n + BigInt(random.int(3)) * 10n ** 18n;
    case 4:
      return -BigInt(random.int(5_000_000));
    default:
      return BigInt(random.int(10 ** 9)) * BigInt(random.int(10 ** 6));
  }
}

// Routing traces; some contain the text that follows a trace in a line.
const TRACE: TaskRoutingTrace = {
  requestId: 'abc',
  initialModel: 'm/a',
  initialTier: 'budget',
  escalationPolicy: 'flexible',
  escalations: [
    {
      fromModel: 'm/a',
      fromTier: 'budget',
      toModel: 'm/b',
      toTier: 'mid',
      reasonCode: 'model_error',
      stepId: 1,
      triggerScore: null,
      thresholdValue: null,
    },
  ],
  finalModel: 'm/b',
  finalTier: 'mid',
  terminationState: 'completed',
  budgetUsed: 25_000_000_000n,
  budgetRemaining: -3n,
  traceLevel: 'basic',
};
const TRACES: TaskRoutingTrace[] = [
  TRACE,
  {
    ...TRACE,
    requestId: ', "kind": "task", "total_cost_usd": "1", "planner_cost_usd": "0", "wasted_cost_usd": "0"}',
    escalations: [],
  },
  { ...TRACE, finalModel: 'prøxy "x"', terminationState: 'no_go', traceLevel: 'verbose' },
];

function entry(random: Random): LedgerEntry {
  const e: LedgerEntry = {
    reason: random.pick(TEXTS),
    modelId: random.pick(MODELS),
    inputTokens: random.int(5000),
    outputTokens: random.int(2000),
    cost: amount(random),
    success: random.chance(0.8),
  };
  if (random.chance(0.3)) e.providerId = random.pick(['openai', 'anthropic', 'x "y"']);
  if (random.chance(0.2)) e.cachedInputTokens = random.int(100);
  if (random.chance(0.2)) e.reasoningTokens = random.int(100);
  if (random.chance(0.2)) e.estimatedCost = amount(random);
  if (random.chance(0.2)) e.usageEstimated = random.chance(0.5);
  if (random.chance(0.2)) e.errorClass = 'TokenwiseApiCallError';
  if (random.chance(0.2)) e.errorMessage = random.pick(TEXTS);
  if (random.chance(0.5)) e.latencyMs = random.chance(0.5) ? random.int(5000) : random.next() * 1000;
  if (random.chance(0.2)) e.timestamp = random.pick(STAMPS);
  return e;
}

function record(random: Random): LedgerRecord {
  if (random.chance(0.35)) {
    const entries = Array.from({ length: random.int(4) }, () => entry(random));
    const task: TaskRecord = {
      kind: 'task',
      timestamp: random.pick(STAMPS),
      task: random.pick(TEXTS),
      success: random.chance(0.7),
      totalCost: random.chance(0.7) ? entries.reduce((sum, e) => sum + e.cost, 0n) : amount(random),
      plannerCost: amount(random),
      wastedCost: amount(random),
      entries,
    };
    if (random.chance(0.7)) task.source = random.pick(['cli', 'library', 'prøxy']);
    if (random.chance(0.3)) task.taskId = `t-${random.int(100)}`;
    if (random.chance(0.5)) task.budget = amount(random);
    if (random.chance(0.3)) task.routingTrace = random.pick(TRACES);
    return task;
  }
  const call: CallRecord = {
    ...entry(random),
    kind: random.chance(0.8) ? 'attempt' : 'request',
    timestamp: random.pick(STAMPS),
    source: random.pick(['proxy', 'library', 'cli', 'ünïcode "src"']),
  };
  if (random.chance(0.5)) call.requestId = `req-${random.int(1000)}`;
  if (random.chance(0.2)) call.budget = amount(random);
  if (random.chance(0.3)) call.attempt = 1 + random.int(3);
  if (random.chance(0.2))
    call.modelsTried = [random.pick(MODELS), random.pick(MODELS)].slice(0, random.int(3));
  return call;
}

/** The reference: JSON.parse and the record schema for every line, as the store did before the fast path. */
function referenceSummary(lines: readonly string[], sinceMs?: number): LedgerSummary {
  const accumulator = createSummaryAccumulator();
  for (const line of lines) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      accumulator.skip();
      continue;
    }
    const decoded = decodeLedgerRecord(json);
    if (decoded === undefined) accumulator.skip();
    else if (sinceMs === undefined || Date.parse(decoded.timestamp) >= sinceMs) accumulator.add(decoded);
  }
  return accumulator.result();
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokenwise-ledger-fast-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('createFastLineSummarizer', () => {
  it('takes every line the writer produces for ordinary records', () => {
    const accumulator = createSummaryAccumulator();
    const fast = createFastLineSummarizer(accumulator);
    const random = createRandom(7);
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const r = record(random);
      // Ordinary: small positive amounts and no routing trace.
      if (r.kind === 'task') {
        r.totalCost = 1000n;
        r.plannerCost = 0n;
        r.wastedCost = 0n;
        delete r.budget;
        delete r.routingTrace;
        for (const e of r.entries) {
          e.cost = 5n;
          delete e.estimatedCost;
        }
      } else {
        r.cost = 12_345n;
        delete r.budget;
        delete r.estimatedCost;
      }
      lines.push(serializeLedgerRecord(r));
    }
    for (const line of lines) expect(fast(line, 0, line.length, undefined), line).toBe(true);
    expect(accumulator.result()).toEqual(referenceSummary(lines));
  });

  it('takes task lines with a routing trace, checking the trace as JSON', () => {
    const line = serializeLedgerRecord({
      kind: 'task',
      timestamp: '2026-03-01T08:00:00.000Z',
      task: 'T',
      success: true,
      totalCost: 10n,
      plannerCost: 0n,
      wastedCost: 0n,
      entries: [],
      routingTrace: TRACES[0],
    });
    const accumulator = createSummaryAccumulator();
    expect(createFastLineSummarizer(accumulator)(line, 0, line.length, undefined)).toBe(true);
    expect(accumulator.result()).toEqual(referenceSummary([line]));
    const broken = line.replace('"escalations": [', '"escalations": [,');
    expect(createFastLineSummarizer(createSummaryAccumulator())(broken, 0, broken.length, undefined)).toBe(
      false,
    );
  });

  it('leaves Python-written lines to the reference path', () => {
    const fast = createFastLineSummarizer(createSummaryAccumulator());
    for (const line of PYTHON_LINES) expect(fast(line, 0, line.length, undefined)).toBe(false);
  });

  it('either declines a line or gives exactly the reference result for it (fuzzed)', () => {
    const random = createRandom(20260227);
    let taken = 0;
    for (let i = 0; i < 4000; i++) {
      let line = serializeLedgerRecord(record(random));
      if (random.chance(0.6)) line = mutate(line, random);
      const accumulator = createSummaryAccumulator();
      const fast = createFastLineSummarizer(accumulator);
      if (fast(line, 0, line.length, undefined)) {
        taken++;
        expect(accumulator.result(), line).toEqual(referenceSummary([line]));
        expect(accumulator.result().skippedLines).toBe(0);
      } else {
        // Declined lines are untouched; the store gives them to the reference path.
        expect(accumulator.result()).toEqual(referenceSummary([]));
      }
    }
    // The fuzz must exercise the fast path, not only the fallback.
    expect(taken).toBeGreaterThan(500);
  });

  it('reads a line in place inside a longer text', () => {
    const line = serializeLedgerRecord({
      kind: 'attempt',
      timestamp: '2026-03-01T08:00:00.000Z',
      source: 'proxy',
      reason: 'proxy request',
      modelId: 'openai/gpt-4o-mini',
      inputTokens: 10,
      outputTokens: 2,
      cost: 1_234_567n,
      success: false,
    });
    const text = `garbage\n${line}\nmore garbage`;
    const accumulator = createSummaryAccumulator();
    const fast = createFastLineSummarizer(accumulator);
    const start = text.indexOf('\n') + 1;
    const stop = text.indexOf('\n', start);
    expect(fast(text, start, stop, undefined)).toBe(true);
    expect(accumulator.result()).toEqual(referenceSummary([line]));
    expect(accumulator.result().totalWasted).toBe(1_234_567n);
    // A range that runs past the line's end is not a whole record.
    expect(fast(text, start, stop + 3, undefined)).toBe(false);
  });
});

describe('JSONL store summary equals the reference path', () => {
  it('on a mixed file: writer lines, mutated, Python, blank, torn, CRLF, unicode', async () => {
    const random = createRandom(99);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const choice = random.int(20);
      if (choice === 0) lines.push(random.pick(PYTHON_LINES));
      else if (choice === 1)
        lines.push(random.pick(['', '   ', '\t', '\uFEFF', 'not json', '{}', '[]', 'null']));
      else if (choice < 6) lines.push(mutate(serializeLedgerRecord(record(random)), random));
      else lines.push(serializeLedgerRecord(record(random)));
    }
    // Some lines longer than a read chunk, and a torn last line.
    const long = record(random);
    if (long.kind === 'task') long.task = 'x'.repeat(1_500_000);
    else long.reason = 'y'.repeat(1_500_000);
    lines.splice(1000, 0, serializeLedgerRecord(long));
    const torn = serializeLedgerRecord(record(random));
    const content = `${lines.join('\n')}\n${torn.slice(0, torn.length - 5)}`;
    const path = join(dir, 'mixed.jsonl');
    writeFileSync(path, content);
    const warnings: LedgerWarning[] = [];
    const store = createJsonlLedgerStore({ path, onWarning: (w) => warnings.push(w) });
    const expected = referenceSummary(content.split('\n'));
    expect(expected.skippedLines).toBeGreaterThan(10);
    expect(await store.summary()).toEqual(expected);
    expect(warnings.at(-1)?.message).toMatch(/^Skipped \d+ more invalid lines/);

    const since = '2026-03-01T12:00:00Z';
    expect(await store.summary({ since })).toEqual(referenceSummary(content.split('\n'), Date.parse(since)));
  });

  it('on the Python fixture with CRLF line ends', async () => {
    const path = join(dir, 'python.jsonl');
    const content = `${PYTHON_LINES.join('\r\n')}\r\n`;
    writeFileSync(path, content);
    const store = createJsonlLedgerStore({ path, onWarning: () => {} });
    const summary = await store.summary();
    expect(summary).toEqual(referenceSummary(content.split('\n')));
    expect(summary.numTasks).toBe(PYTHON_LINES.length);
  });
});
