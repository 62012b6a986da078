import { spawn } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallRecord, LedgerRecord, LedgerWarning, TaskRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleLedger } from '../aggregate/aggregate-fixtures.js';
import { createCostLedger } from '../create-cost-ledger.js';
import { LedgerWriteError } from '../errors/ledger-write-error.js';
import { decodeLedgerRecord } from '../ledger-record-schema.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createJsonlLedgerStore } from './create-jsonl-ledger-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokenwise-ledger-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function taskRecord(task: string, cost = '0.001', plannerCost?: string): TaskRecord {
  const ledger = createCostLedger();
  ledger.add({
    reason: 'step 1 attempt 1',
    modelId: 'openai/gpt-4o-mini',
    inputTokens: 10,
    outputTokens: 5,
    cost: usd(cost),
  });
  return ledger.toRecord({
    task,
    success: true,
    budget: usd(1),
    ...(plannerCost ? { plannerCost: usd(plannerCost) } : {}),
  });
}

async function all(iterable: AsyncIterable<LedgerRecord>): Promise<LedgerRecord[]> {
  const out: LedgerRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

function setup(name = 'ledger.jsonl') {
  const warnings: LedgerWarning[] = [];
  const path = join(dir, name);
  const store = createJsonlLedgerStore({ path, onWarning: (warning) => warnings.push(warning) });
  return { path, store, warnings };
}

describe('createJsonlLedgerStore (the original test_ledger_store parity)', () => {
  it('round-trips one record (#1)', async () => {
    const { store } = setup();
    await store.append(taskRecord('Task A'));
    const [record] = (await all(store.read())) as TaskRecord[];
    expect(record).toMatchObject({ task: 'Task A', budget: usd(1), success: true, totalCost: usd('0.001') });
    expect(record!.entries).toHaveLength(1);
  });

  it('appends records in order (#2) and returns the last N, first of them "Task 7" (#3)', async () => {
    const { store } = setup();
    for (let i = 0; i < 10; i++) await store.append(taskRecord(`Task ${i}`));
    const tasks = (await all(store.read())) as TaskRecord[];
    expect(tasks.map((t) => t.task)).toEqual(Array.from({ length: 10 }, (_, i) => `Task ${i}`));
    const last = (await all(store.read({ limit: 3 }))) as TaskRecord[];
    expect(last.map((t) => t.task)).toEqual(['Task 7', 'Task 8', 'Task 9']);
  });

  it('reads nothing from a missing file (#4) and summarises it as zeros (#6)', async () => {
    const { store, warnings } = setup('missing.jsonl');
    expect(await all(store.read())).toEqual([]);
    expect(await all(store.read({ limit: 5 }))).toEqual([]);
    expect(await store.summary()).toMatchObject({ numTasks: 0, totalSpend: 0n });
    expect(warnings).toEqual([]);
  });

  it('summarises two records exactly (#5) and stores planner cost inside the total (#8)', async () => {
    const { store, path } = setup();
    await store.append(taskRecord('A', '0.01', '0.005'));
    await store.append(taskRecord('B', '0.025', '0.002'));
    const summary = await store.summary();
    expect(summary).toMatchObject({ numTasks: 2, numSucceeded: 2, numFailed: 0 });
    expect(summary.totalSpend).toBe(usd('0.042'));
    expect(summary.totalPlannerSpend).toBe(usd('0.007'));
    const first = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!);
    expect(first).toMatchObject({ total_cost: 0.015, planner_cost: 0.005, total_cost_usd: '0.015' });
  });

  it('creates missing parent folders (#7)', async () => {
    const { store } = setup('a/b/c/ledger.jsonl');
    await store.append(taskRecord('deep'));
    expect(await all(store.read())).toHaveLength(1);
  });
});

describe('createJsonlLedgerStore', () => {
  it('reads a file written by the Python TokenWise', async () => {
    const path = join(dir, 'python.jsonl');
    writeFileSync(path, readFileSync(new URL('../__fixtures__/python-ledger.jsonl', import.meta.url)));
    const store = createJsonlLedgerStore({ path });
    const summary = await store.summary();
    expect(summary).toMatchObject({ numTasks: 2, numSucceeded: 1, numFailed: 1, skippedLines: 0 });
    expect(summary.totalSpend).toBe(usd('0.038'));
    expect(summary.totalWasted).toBe(usd('0.005'));
    // And our appends continue the same file.
    await store.append(taskRecord('after python'));
    expect((await store.summary()).numTasks).toBe(3);
  });

  it('skips a torn last line with one warning, and the next append starts a clean line', async () => {
    const { store, path, warnings } = setup();
    await store.append(taskRecord('whole'));
    appendFileSync(path, '{"timestamp": "2026-01-01T00:00:00Z", "task": "torn", "bud');
    expect(((await all(store.read())) as TaskRecord[]).map((t) => t.task)).toEqual(['whole']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/torn last line/);
    expect(warnings[0]!.line).toBe(2);

    await store.append(taskRecord('next'));
    warnings.length = 0;
    expect(((await all(store.read())) as TaskRecord[]).map((t) => t.task)).toEqual(['whole', 'next']);
    expect(((await all(store.read({ limit: 1 }))) as TaskRecord[]).map((t) => t.task)).toEqual(['next']);
    const summary = await store.summary();
    expect(summary).toMatchObject({ numTasks: 2, skippedLines: 1 });
    // The torn fragment is now an ordinary invalid line: read() and summary() each report it once; the
    // tail read for limit 1 stops before reaching it.
    expect(warnings.map((w) => w.line)).toEqual([2, 2]);
  });

  it('skips blank and invalid lines, counting them, and caps individual warnings', async () => {
    const path = join(dir, 'messy.jsonl');
    const good = JSON.stringify({ task: 'ok', success: true, total_cost: 0.5 });
    writeFileSync(
      path,
      [good, '', 'not json', '[1]', ...Array(8).fill('{"kind":"nope"}'), good, ''].join('\n'),
    );
    const warnings: LedgerWarning[] = [];
    const store = createJsonlLedgerStore({ path, onWarning: (w) => warnings.push(w) });
    const summary = await store.summary();
    expect(summary).toMatchObject({ numTasks: 2, skippedLines: 10 });
    expect(summary.totalSpend).toBe(usd(1));
    expect(warnings.map((w) => w.line)).toEqual([3, 4, 5, 6, 7, undefined]);
    expect(warnings.at(-1)!.message).toMatch(/5 more/);
  });

  it('finds the last N records across chunk boundaries, skipping invalid lines from the end', async () => {
    const { store, path } = setup();
    const lines: string[] = [];
    for (let i = 0; i < 12_000; i++) {
      lines.push(
        JSON.stringify({
          kind: 'attempt',
          request_id: `r${i}`,
          model_id: 'm',
          cost_usd: '0.000001',
          pad: 'é'.repeat(100 + (i % 37)),
        }),
      );
    }
    writeFileSync(path, `${lines.join('\n')}\nbroken line\n`);
    const last = (await all(store.read({ limit: 3 }))) as CallRecord[];
    expect(last.map((r) => r.requestId)).toEqual(['r11997', 'r11998', 'r11999']);
    const many = (await all(store.read({ limit: 11_000 }))) as CallRecord[];
    expect(many).toHaveLength(11_000);
    expect(many[0]!.requestId).toBe('r1000');
    expect(await all(store.read({ limit: 0 }))).toEqual([]);
    expect((await store.summary()).totalSpend).toBe(usd('0.012'));
  });

  it('counts unpriced attempts in the summary (the fast line path and the record path agree)', async () => {
    const { store } = setup();
    const attempt = (costSource: CallRecord['costSource'], cost: string): CallRecord => ({
      kind: 'attempt',
      timestamp: '2026-05-01T12:00:00.000Z',
      source: 'proxy',
      reason: 'proxy request',
      modelId: 'openai/gpt-9-preview',
      inputTokens: 10,
      outputTokens: 5,
      cost: usd(cost),
      success: true,
      costSource,
    });
    await store.append(attempt('unpriced', '0'));
    await store.append(attempt('usage', '0.002'));
    await store.append(attempt('unpriced', '0'));
    const summary = await store.summary();
    expect(summary).toMatchObject({ numCalls: 3, numUnpricedCalls: 2, totalSpend: usd('0.002') });
    const read = (await all(store.read())) as CallRecord[];
    expect(read.map((record) => record.costSource)).toEqual(['unpriced', 'usage', 'unpriced']);
  });

  it('filters by since while streaming', async () => {
    const { store } = setup();
    for (let day = 1; day <= 4; day++) {
      await store.append({ ...taskRecord(`d${day}`), timestamp: `2026-05-0${day}T12:00:00.000Z` });
    }
    const since = (await all(store.read({ since: '2026-05-03T00:00:00Z' }))) as TaskRecord[];
    expect(since.map((t) => t.task)).toEqual(['d3', 'd4']);
    const lastSince = (await all(store.read({ since: '2026-05-02T00:00:00Z', limit: 1 }))) as TaskRecord[];
    expect(lastSince.map((t) => t.task)).toEqual(['d4']);
    expect((await store.summary({ since: '2026-05-04' })).numTasks).toBe(1);
  });

  it('batches appends issued together and keeps their order', async () => {
    const { store, path } = setup();
    await Promise.all(Array.from({ length: 500 }, (_, i) => store.append(taskRecord(`T${i}`))));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(500);
    expect(lines.map((line) => JSON.parse(line).task)).toEqual(
      Array.from({ length: 500 }, (_, i) => `T${i}`),
    );
  });

  it.skipIf(process.getuid?.() === 0)(
    'fails on an unwritable path with a clear error that keeps the record',
    async () => {
      const readOnly = join(dir, 'ro');
      const { store } = setup('ro/ledger.jsonl');
      await store.append(taskRecord('first'));
      chmodSync(readOnly, 0o500);
      chmodSync(join(readOnly, 'ledger.jsonl'), 0o400);
      const record = taskRecord('kept');
      const error = await store.append(record).catch((e: unknown) => e);
      expect(LedgerWriteError.isInstance(error)).toBe(true);
      expect((error as LedgerWriteError).record).toBe(record);
      chmodSync(readOnly, 0o700);
    },
  );

  it('fails with a clear error when a parent is a file, and recovers once the path is usable', async () => {
    writeFileSync(join(dir, 'blocker'), 'I am a file');
    const path = join(dir, 'blocker', 'ledger.jsonl');
    const store = createJsonlLedgerStore({ path });
    const record = taskRecord('kept');
    const error = await store.append(record).catch((e: unknown) => e);
    expect(LedgerWriteError.isInstance(error)).toBe(true);
    expect((error as LedgerWriteError).message).toMatch(
      /Cannot write the ledger file .*TOKENWISE_LEDGER_PATH/,
    );
    expect((error as LedgerWriteError).record).toBe(record);
    rmSync(join(dir, 'blocker'));
    await store.append((error as LedgerWriteError).record);
    expect(await all(store.read())).toHaveLength(1);
  });

  it('never interleaves lines appended by several processes at once', async () => {
    const { path, store, warnings } = setup();
    const worker = fileURLToPath(new URL('./__fixtures__/append-worker.ts', import.meta.url));
    const processes = 4;
    const perProcess = 2_000;
    await Promise.all(
      Array.from(
        { length: processes },
        (_, w) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              [
                '--conditions=@tokenwise/source',
                '--import',
                'tsx',
                worker,
                path,
                String(w),
                String(perProcess),
              ],
              { stdio: ['ignore', 'ignore', 'pipe'] },
            );
            let stderr = '';
            child.stderr.on('data', (chunk) => {
              stderr += chunk;
            });
            child.on('error', reject);
            child.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`worker ${w} exited ${code}: ${stderr}`)),
            );
          }),
      ),
    );
    // Attempts go to the calls file beside the task ledger.
    expect(existsSync(path)).toBe(false);
    const text = readFileSync(store.callsPath, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    // A writer that sees another's write half-way (the file size grows page by page) adds a newline first:
    // that leaves a harmless blank line, never a broken one.
    const lines = text.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(processes * perProcess);
    const seen = new Set(lines.map((line) => JSON.parse(line).request_id as string));
    expect(seen.size).toBe(processes * perProcess);
    const summary = await store.summary();
    expect(summary).toMatchObject({ numCalls: processes * perProcess, skippedLines: 0 });
    expect(summary.totalSpend).toBe(BigInt(processes * perProcess) * 1_000_000n);
    expect(warnings).toEqual([]);
  }, 60_000);
});

describe('createJsonlLedgerStore: two files', () => {
  // The file as this package wrote it before tasks and calls were split: every kind in one file, a task's
  // routing trace in camelCase with `budgetUsed` as a decimal string, compact JSON.
  const OLD_TASK_LINE = JSON.stringify({
    timestamp: '2026-12-01T11:00:00.000Z',
    task: 'Summarise',
    budget: 0.5,
    success: true,
    total_cost: 0.0105,
    planner_cost: 0.0005,
    wasted_cost: 0,
    entries: [
      {
        reason: 'step 1 attempt 1',
        model_id: 'm/cheap',
        input_tokens: 10,
        output_tokens: 5,
        cost: 0.01,
        success: true,
        cost_usd: '0.01',
      },
    ],
    routing_trace: {
      requestId: 'a1b2c3d4e5f6',
      initialModel: 'm/cheap',
      initialTier: 'budget',
      finalModel: 'm/cheap',
      finalTier: 'budget',
      escalations: [],
      escalationPolicy: 'flexible',
      terminationState: 'completed',
      budgetUsed: '0.0105',
      budgetRemaining: '0.4895',
    },
    kind: 'task',
    source: 'cli',
    budget_usd: '0.5',
    total_cost_usd: '0.0105',
    planner_cost_usd: '0.0005',
    wasted_cost_usd: '0',
  });

  it('writes tasks to the task ledger and calls beside it; an older mixed file reads the same', async () => {
    const calls = sampleLedger().filter((record) => record.kind !== 'task');
    const oldTask = decodeLedgerRecord(JSON.parse(OLD_TASK_LINE)) as TaskRecord;
    expect(oldTask.routingTrace).toMatchObject({ requestId: 'a1b2c3d4e5f6', budgetUsed: usd('0.0105') });
    // In time order, as a single file holds them.
    const records = [...calls.slice(0, 2), oldTask, ...calls.slice(2)];

    const old = join(dir, 'old.jsonl');
    writeFileSync(
      old,
      `${records.map((record) => (record === oldTask ? OLD_TASK_LINE : serializeLedgerRecord(record))).join('\n')}\n`,
    );
    const oldStore = createJsonlLedgerStore({ path: old });

    const { store, path } = setup();
    for (const record of records) await store.append(record);
    expect(store.callsPath).toBe(join(dir, 'ledger.calls.jsonl'));
    const taskLines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(taskLines.map((line) => JSON.parse(line).kind)).toEqual(['task']);
    expect(taskLines[0]).toMatch(
      /^\{"timestamp": "2026-12-01T11:00:00\.000000\+00:00", "task": "Summarise", /,
    );
    const callLines = readFileSync(store.callsPath, 'utf8').trimEnd().split('\n');
    expect(callLines.map((line) => JSON.parse(line).kind)).toEqual(calls.map((record) => record.kind));

    // Both layouts: the same records in the same order, the same summary, the same aggregate.
    const fromOld = await all(oldStore.read());
    const fromNew = await all(store.read());
    const stamp = (record: LedgerRecord) => Date.parse(record.timestamp);
    const normalised = (list: LedgerRecord[]) =>
      list.map((record) => ({ ...record, timestamp: new Date(stamp(record)).toISOString() }));
    expect(normalised(fromNew)).toEqual(normalised(fromOld));
    expect(await store.summary()).toEqual(await oldStore.summary());
    expect(await store.aggregate!({ top: 5 })).toEqual(await oldStore.aggregate!({ top: 5 }));
    expect((await store.summary()).numTasks).toBe(1);
    // The last N come from both files.
    expect((await all(store.read({ limit: 2 }))).map(stamp)).toEqual(fromNew.slice(-2).map(stamp));
    expect(await all(store.read({ since: records[3]!.timestamp }))).toEqual(
      fromNew.filter((record) => stamp(record) >= stamp(records[3]!)),
    );
  });
});
