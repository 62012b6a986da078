// Dashboard aggregation benchmark: a 1,000,000-record proxy-shaped JSONL ledger (two attempts in three, one
// request in three, keys, teams, failovers) aggregated through the JSONL store's index: the first query without a
// saved index (reads and indexes the file, then saves the index), a new process's first query with the saved
// index, warm queries over the whole range and filtered ones, then queries after more appends (only the new bytes
// are read). Prints figures; asserts nothing. `pnpm bench:aggregate`.
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CallRecord, type LedgerAggregateQuery, serializeLedgerRecord } from '@tokenwise/ledger';
import {
  aggregateIndexPath,
  callsLedgerPath,
  createJsonlLedgerStore,
  type JsonlLedgerStore,
} from '@tokenwise/ledger/node';
import { toDecimalString } from '@tokenwise/spec';

const RECORDS = Number(process.env.LEDGER_BENCH_RECORDS ?? 1_000_000);
const ROUNDS = Number(process.env.LEDGER_BENCH_ROUNDS ?? 3);
const MODELS = [
  'openai/gpt-4.1-mini',
  'openai/gpt-4.1',
  'anthropic/claude-sonnet-4.5',
  'google/gemini-2.5-flash',
];
const START = Date.UTC(2026, 9, 1);

/** Record i: in each group of three, attempt 1, attempt 2 (a failover every 7th group), then the request. */
function record(i: number): CallRecord {
  const group = Math.floor(i / 3);
  const position = i % 3;
  const failover = group % 7 === 0;
  const first = MODELS[group % MODELS.length]!;
  const second = MODELS[(group + 1) % MODELS.length]!;
  const used = failover ? second : first;
  const key = `key_${group % 25}`;
  const base = {
    timestamp: new Date(START + group * 7_000).toISOString(),
    source: 'proxy',
    requestId: `0123456789ab${group.toString(16).padStart(12, '0')}`,
    inputTokens: 100 + (group % 900),
    outputTokens: 20 + (group % 300),
    keyId: key,
    teamId: `team_${group % 4}`,
    latencyMs: 300 + (group % 700),
  };
  const cost = 1_000n + BigInt(group % 977) * 1_000_000n;
  if (position < 2) {
    const failed = position === 0 && failover;
    return {
      ...base,
      kind: 'attempt',
      reason: `proxy request attempt ${position + 1}`,
      modelId: position === 0 ? first : second,
      cost: failed || (position === 1 && !failover) ? 0n : cost,
      success: !failed,
      outcome: failed ? 'error' : 'ok',
      attempt: position + 1,
      attemptKind: position === 0 ? 'first' : 'failover',
      status: failed ? 503 : 200,
    };
  }
  return {
    ...base,
    kind: 'request',
    reason: 'proxy request',
    modelId: used,
    cost,
    success: true,
    outcome: 'ok',
    modelsTried: failover ? [first, second] : [first],
    modelAsked: 'auto',
    strategy: 'balanced',
    status: 200,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Times one aggregate() of a store. */
async function timed(store: JsonlLedgerStore, query: LedgerAggregateQuery) {
  const started = performance.now();
  const result = await store.aggregate!(query);
  return { ms: performance.now() - started, result };
}

/**
 * A new process's first query (the child mode of this script): it finds the saved index, checks it against the
 * files, reads only the bytes after it, then answers.
 */
async function coldProcess(path: string): Promise<void> {
  const store = createJsonlLedgerStore({ path });
  const baseRss = process.memoryUsage().rss;
  const first = await timed(store, {});
  const second = await timed(store, {});
  console.log(
    JSON.stringify({
      firstMs: first.ms,
      warmMs: second.ms,
      rssMb: (process.memoryUsage().rss - baseRss) / 1024 / 1024,
      requests: first.result.totals.requests,
      spend: toDecimalString(first.result.totals.spend),
    }),
  );
}

function runColdProcess(path: string): {
  firstMs: number;
  warmMs: number;
  rssMb: number;
  requests: number;
  spend: string;
} {
  const output = execFileSync(
    process.execPath,
    ['--conditions=@tokenwise/source', '--import', 'tsx', fileURLToPath(import.meta.url)],
    { env: { ...process.env, LEDGER_BENCH_COLD_PATH: path }, encoding: 'utf8' },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tokenwise-aggregate-bench-'));
  try {
    const path = join(dir, 'ledger.jsonl');
    // Proxy records: the calls file beside the (empty) task ledger.
    const handle = await open(callsLedgerPath(path), 'w');
    let chunk: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      chunk.push(serializeLedgerRecord(record(i)));
      if (chunk.length === 10_000) {
        await handle.write(`${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) await handle.write(`${chunk.join('\n')}\n`);
    await handle.close();
    const days = Math.ceil(((RECORDS / 3) * 7_000) / 86_400_000);
    console.log(
      `file: ${RECORDS.toLocaleString('en')} records over ${days} days, ${mb((await stat(callsLedgerPath(path))).size)}`,
    );

    const store = createJsonlLedgerStore({ path });
    const baseRss = process.memoryUsage().rss;
    const cold = await timed(store, {});
    console.log(
      `cold, no saved index (reads and indexes the whole file, then saves the index): ${seconds(cold.ms)}, RSS +${mb(process.memoryUsage().rss - baseRss)}, index file ${mb((await stat(aggregateIndexPath(path))).size)}`,
    );
    const summary = await store.summary();
    console.log(
      `total $${toDecimalString(cold.result.totals.spend)} ${cold.result.totals.spend === summary.totalSpend ? '= store.summary() (exact)' : 'MISMATCH with store.summary()'}`,
    );

    const restart = runColdProcess(path);
    console.log(
      `cold, saved index (a new process's first query: load and check the index, then answer): ${seconds(restart.firstMs)}, RSS +${mb(restart.rssMb * 1024 * 1024)}; its second query ${restart.warmMs.toFixed(0)} ms; ${restart.spend === toDecimalString(cold.result.totals.spend) && restart.requests === cold.result.totals.requests ? 'same totals (exact)' : 'MISMATCH'}`,
    );

    const lastWeek = new Date(START + (RECORDS / 3) * 7_000 - 7 * 86_400_000).toISOString();
    const cases: [string, LedgerAggregateQuery][] = [
      ['whole range, by day, top 10', {}],
      ['whole range, by hour, top 100', { bucket: 'hour', top: 100 }],
      ['last 7 days, by hour, one key', { since: lastWeek, bucket: 'hour', keyId: 'key_7' }],
      ['whole range, one team and one model', { teamId: 'team_1', modelId: 'openai/gpt-4.1' }],
    ];
    for (const [name, query] of cases) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) times.push((await timed(store, query)).ms);
      console.log(
        `warm query, ${name}: best ${Math.min(...times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms (${ROUNDS} rounds)`,
      );
    }

    for (let i = RECORDS; i < RECORDS + 3_000; i++) await store.append(record(i));
    const after = await timed(store, {});
    console.log(
      `query after 3,000 more appends (reads only the new bytes): ${after.ms.toFixed(0)} ms, ${after.result.totals.requests.toLocaleString('en')} requests`,
    );
    const later = runColdProcess(path);
    console.log(
      `cold, saved index older than the file (new process: load, read the 3,000 new records, answer): ${seconds(later.firstMs)}, ${later.requests === after.result.totals.requests ? 'same totals' : 'MISMATCH'}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const coldPath = process.env.LEDGER_BENCH_COLD_PATH;
await (coldPath === undefined ? main() : coldProcess(coldPath));
