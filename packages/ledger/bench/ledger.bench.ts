// Ledger benchmark: appends per second (sequential and batched) and the time and memory to summarise a
// 1,000,000-record file by streaming it. Prints figures; asserts nothing. Run with `pnpm bench`.
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallRecord, serializeLedgerRecord, type TaskRecord } from '@tokenwise/ledger';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { toDecimalString, usd } from '@tokenwise/spec';
import { readLineBatches } from '../src/stores/read-line-batches.js';

const RECORDS = Number(process.env.LEDGER_BENCH_RECORDS ?? 1_000_000);
const SEQUENTIAL_APPENDS = 5_000;
const BATCHED_APPENDS = 50_000;

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
  let peakRss = process.memoryUsage().rss;
  const baseRss = peakRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  started = performance.now();
  const summary = await store.summary();
  const summarySeconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(
    `summary of ${RECORDS.toLocaleString('en')} records: ${summarySeconds.toFixed(2)} s (target < 2 s), ` +
      `peak RSS delta ${mb(peakRss - baseRss)}, total $${toDecimalString(summary.totalSpend)} ` +
      `(${summary.totalSpend === expected ? 'exact' : 'MISMATCH'})`,
  );

  // Baseline on the same machine and moment: only reading the lines and JSON.parse-ing each one. The summary
  // cannot beat it; the ratio shows what validation and exact sums add (this machine is shared and loaded).
  started = performance.now();
  let parsed = 0;
  for await (const batch of readLineBatches(path)) {
    for (const line of batch.lines) if (line !== '' && JSON.parse(line)) parsed++;
  }
  const parseSeconds = (performance.now() - started) / 1000;
  console.log(
    `baseline read + JSON.parse of ${parsed.toLocaleString('en')} lines: ${parseSeconds.toFixed(2)} s ` +
      `(summary/baseline ${(summarySeconds / parseSeconds).toFixed(2)}x)`,
  );

  started = performance.now();
  let last = 0;
  for await (const _ of store.read({ limit: 20 })) last++;
  console.log(`last ${last} records of the big file: ${(performance.now() - started).toFixed(1)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
