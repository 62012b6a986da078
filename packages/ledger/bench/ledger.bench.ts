// Ledger benchmark: appends per second (sequential and batched) and the time and memory to summarise a
// 1,000,000-record file by streaming it. Prints figures; asserts nothing. Run with `pnpm bench`.
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CallRecord,
  createSummaryAccumulator,
  decodeLedgerRecord,
  serializeLedgerRecord,
  type TaskRecord,
} from '@tokenwise/ledger';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { toDecimalString, usd } from '@tokenwise/spec';
import { readLineBatches } from '../src/stores/read-line-batches.js';

const RECORDS = Number(process.env.LEDGER_BENCH_RECORDS ?? 1_000_000);
const SEQUENTIAL_APPENDS = 5_000;
const BATCHED_APPENDS = 50_000;
const ROUNDS = Number(process.env.LEDGER_BENCH_ROUNDS ?? 2);

function attempt(i: number): CallRecord {
  return {
    kind: 'attempt',
    timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    source: i % 3 === 0 ? 'proxy' : 'library',
    requestId: `req-${i}`,
    reason: 'proxy request',
    modelId: i % 2 === 0 ? 'openai/gpt-4o-mini' : 'anthropic/claude-3.5-haiku',
    providerId: i % 2 === 0 ? 'openai' : 'anthropic',
    inputTokens: 100 + (i % 900),
    outputTokens: 20 + (i % 300),
    cost: 1_000n + BigInt(i % 977) * 1_000_000n,
    success: i % 50 !== 0,
    latencyMs: 300 + (i % 700),
  };
}

function task(i: number): TaskRecord {
  const entries = [0, 1].map((k) => ({ ...attempt(i + k), reason: `step ${k + 1} attempt 1` }));
  const total = entries.reduce((sum, entry) => sum + entry.cost, 0n);
  return {
    kind: 'task',
    timestamp: attempt(i).timestamp,
    source: 'cli',
    task: `Task number ${i}`,
    budget: usd('1'),
    success: true,
    totalCost: total,
    plannerCost: 0n,
    wastedCost: 0n,
    entries: entries.map(({ kind: _k, source: _s, requestId: _r, timestamp: _t, ...entry }) => entry),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const dir = await mkdtemp(join(tmpdir(), 'tokenwise-ledger-bench-'));
try {
  // Appends, one await at a time (a CLI run) and many in flight (a busy proxy).
  const appendStore = createJsonlLedgerStore({ path: join(dir, 'append.jsonl') });
  let started = performance.now();
  for (let i = 0; i < SEQUENTIAL_APPENDS; i++) await appendStore.append(attempt(i));
  let seconds = (performance.now() - started) / 1000;
  console.log(
    `appends, sequential awaits: ${Math.round(SEQUENTIAL_APPENDS / seconds).toLocaleString('en')}/s`,
  );
  started = performance.now();
  await Promise.all(Array.from({ length: BATCHED_APPENDS }, (_, i) => appendStore.append(attempt(i))));
  seconds = (performance.now() - started) / 1000;
  console.log(
    `appends, ${BATCHED_APPENDS.toLocaleString('en')} in flight: ${Math.round(BATCHED_APPENDS / seconds).toLocaleString('en')}/s`,
  );

  // A 1,000,000-record file (one task record in ten, with two entries), written directly for speed.
  const path = join(dir, 'big.jsonl');
  const handle = await open(path, 'w');
  let expected = 0n;
  let chunk: string[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const record = i % 10 === 0 ? task(i) : attempt(i);
    expected += record.kind === 'task' ? record.totalCost : record.cost;
    chunk.push(serializeLedgerRecord(record));
    if (chunk.length === 10_000) {
      await handle.write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await handle.write(`${chunk.join('\n')}\n`);
  await handle.close();
  console.log(`file: ${RECORDS.toLocaleString('en')} records, ${mb((await stat(path)).size)}`);

  const store = createJsonlLedgerStore({ path });
  // Everything below runs in this process at this moment, so the ratios hold even on a loaded machine.
  const readBytes = async () => {
    const started = performance.now();
    const handle = await open(path, 'r');
    const buffer = Buffer.allocUnsafe(1 << 20);
    while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0) {}
    await handle.close();
    return (performance.now() - started) / 1000;
  };
  const parseLines = async () => {
    const started = performance.now();
    let parsed = 0;
    for await (const batch of readLineBatches(path)) {
      for (const line of batch.lines) if (line !== '' && JSON.parse(line)) parsed++;
    }
    if (parsed !== RECORDS) throw new Error(`parsed ${parsed} lines, expected ${RECORDS}`);
    return (performance.now() - started) / 1000;
  };
  // What summary() did before the fast path: JSON.parse and the record schema for every line.
  const referenceSummary = async () => {
    const started = performance.now();
    const accumulator = createSummaryAccumulator();
    for await (const batch of readLineBatches(path)) {
      for (const line of batch.lines) {
        const record = line === '' ? undefined : decodeLedgerRecord(JSON.parse(line));
        if (record !== undefined) accumulator.add(record);
      }
    }
    return { seconds: (performance.now() - started) / 1000, summary: accumulator.result() };
  };
  const measuredSummary = async () => {
    let peakRss = process.memoryUsage().rss;
    const baseRss = peakRss;
    const timer = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 5);
    const started = performance.now();
    const summary = await store.summary();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { seconds, summary, rssDelta: peakRss - baseRss };
  };

  const best = { bytes: Infinity, parse: Infinity, summary: Infinity, reference: Infinity, rss: 0 };
  for (let round = 1; round <= ROUNDS; round++) {
    const bytesSeconds = await readBytes();
    const parseSeconds = await parseLines();
    const fast = await measuredSummary();
    const reference = await referenceSummary();
    best.bytes = Math.min(best.bytes, bytesSeconds);
    best.parse = Math.min(best.parse, parseSeconds);
    best.summary = Math.min(best.summary, fast.seconds);
    best.reference = Math.min(best.reference, reference.seconds);
    best.rss = Math.max(best.rss, fast.rssDelta);
    const exact =
      fast.summary.totalSpend === expected &&
      JSON.stringify(fast.summary, (_k, v) => (typeof v === 'bigint' ? `${v}` : v)) ===
        JSON.stringify(reference.summary, (_k, v) => (typeof v === 'bigint' ? `${v}` : v));
    console.log(
      `round ${round}: read bytes only ${bytesSeconds.toFixed(2)} s | read lines + JSON.parse ${parseSeconds.toFixed(2)} s | ` +
        `summary ${fast.seconds.toFixed(2)} s (target < 2 s) = ${(fast.seconds / parseSeconds).toFixed(2)}x parse, ` +
        `${(fast.seconds / bytesSeconds).toFixed(1)}x bytes | reference path (JSON.parse + schema) ` +
        `${reference.seconds.toFixed(2)} s = ${(reference.seconds / parseSeconds).toFixed(2)}x parse | ` +
        `peak RSS delta ${mb(fast.rssDelta)} | total $${toDecimalString(fast.summary.totalSpend)} ` +
        `(${exact ? 'exact, equal to the reference' : 'MISMATCH'})`,
    );
  }

  // Other jobs on the machine slow single runs at random; the fastest of each is the least disturbed.
  console.log(
    `best of ${ROUNDS} rounds: read bytes only ${best.bytes.toFixed(2)} s | read lines + JSON.parse ` +
      `${best.parse.toFixed(2)} s | summary ${best.summary.toFixed(2)} s = ${(best.summary / best.parse).toFixed(2)}x parse | ` +
      `reference path ${best.reference.toFixed(2)} s = ${(best.reference / best.parse).toFixed(2)}x parse | ` +
      `peak RSS delta at most ${mb(best.rss)}`,
  );

  started = performance.now();
  let last = 0;
  for await (const _ of store.read({ limit: 20 })) last++;
  console.log(`last ${last} records of the big file: ${(performance.now() - started).toFixed(1)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
