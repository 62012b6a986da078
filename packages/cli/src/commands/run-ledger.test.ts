import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCostLedger, createMemoryLedgerStore, serializeLedgerRecord } from '@tokenwise/ledger';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createTestDeps } from '../__fixtures__/create-test-deps.js';

async function filledStore() {
  const store = createMemoryLedgerStore();
  for (const [index, success] of [true, false, true].entries()) {
    const ledger = createCostLedger();
    ledger.add({ reason: 'planner', modelId: 'test/cheap-model', cost: usd('0.001') });
    ledger.add({ reason: 'step 1 attempt 1', modelId: 'test/mid-model', cost: usd('0.01'), success });
    await store.append(
      ledger.toRecord({
        task: `Task number ${index + 1} with a rather long description that goes on`,
        success,
        budget: usd('0.5'),
        timestamp: `2026-11-2${index}T10:00:00.000Z`,
      }),
    );
  }
  await store.append({
    kind: 'attempt',
    timestamp: '2026-11-23T10:00:00.000Z',
    source: 'proxy',
    reason: 'proxy request',
    modelId: 'test/cheap-model',
    inputTokens: 10,
    outputTokens: 5,
    cost: usd('0.0002'),
    success: true,
  });
  return store;
}

describe('tokenwise ledger', () => {
  it('says so when the ledger is empty', async () => {
    const t = createTestDeps();
    expect(await t.run('ledger')).toBe(0);
    expect(t.stdout()).toContain('No ledger entries found');
  });
  it('lists the last records, oldest first, limited by --limit', async () => {
    const t = createTestDeps({ ledger: await filledStore() });
    expect(await t.run('ledger', '--limit', '2')).toBe(0);
    const lines = t.stdout().trim().split('\n');
    expect(lines[0]).toBe('Timestamp\tKind\tTask / model\tCost\tBudget\tOK?');
    expect(lines.slice(1)).toEqual([
      '2026-11-22T10:00:00\ttask\tTask number 3 with a rather long description that goes on\t$0.0110\t$0.50\tY',
      '2026-11-23T10:00:00\tattempt\ttest/cheap-model\t$0.0002\t-\tY',
    ]);
  });
  it('cuts long tasks in the terminal table', async () => {
    const t = createTestDeps({ ledger: await filledStore(), tty: true });
    expect(await t.run('ledger')).toBe(0);
    expect(t.stdout()).toContain('Spend History');
    expect(t.stdout()).toContain('Task number 1 with a rather long descri…');
  });
  it('prints the spend summary as text and as the documented JSON', async () => {
    const text = createTestDeps({ ledger: await filledStore() });
    expect(await text.run('ledger', '--summary')).toBe(0);
    expect(text.stdout()).toMatch(/Total tasks:\s+3/);
    expect(text.stdout()).toMatch(/Failed:\s+1/);
    expect(text.stdout()).toMatch(/Total spend:\s+\$0\.0332/);
    expect(text.stdout()).toMatch(/Planner spend:\s+\$0\.0030/);
    expect(text.stdout()).toMatch(/Wasted spend:\s+\$0\.0100/);
    expect(text.stdout()).toMatch(
      /Top models by spend\n\s+\$0\.0300 {2}test\/mid-model \(3 calls\)\n\s+\$0\.0032 {2}test\/cheap-model/,
    );
    const json = createTestDeps({ ledger: await filledStore() });
    expect(await json.run('ledger', '-s', '--json')).toBe(0);
    expect(JSON.parse(json.stdout())).toEqual({
      totalSpend: 0.0332,
      totalWasted: 0.01,
      totalPlannerSpend: 0.003,
      numTasks: 3,
      numSucceeded: 2,
      numFailed: 1,
      numRequests: 0,
      numUnpricedCalls: 0,
    });
  });
  it('--summary --json carries the proxy request count the text shows (issue #17.13)', async () => {
    const store = await filledStore();
    await store.append({
      kind: 'request',
      timestamp: '2026-11-24T10:00:00.000Z',
      source: 'proxy',
      reason: 'proxy request',
      requestId: 'r1',
      modelId: 'test/cheap-model',
      inputTokens: 10,
      outputTokens: 5,
      cost: usd('0.0002'),
      success: true,
    } as Parameters<typeof store.append>[0]);
    const text = createTestDeps({ ledger: store });
    expect(await text.run('ledger', '--summary')).toBe(0);
    expect(text.stdout()).toMatch(/Proxy requests:\s+1/);
    const json = createTestDeps({ ledger: store });
    expect(await json.run('ledger', '--summary', '--json')).toBe(0);
    expect(JSON.parse(json.stdout()).numRequests).toBe(1);
  });
  it('counts calls whose cost is unknown (unpriced models) apart from the spend', async () => {
    const store = await filledStore();
    const before = createTestDeps({ ledger: store });
    expect(await before.run('ledger', '--summary')).toBe(0);
    expect(before.stdout()).not.toContain('Unpriced calls');
    await store.append({
      kind: 'attempt',
      timestamp: '2026-11-24T10:00:00.000Z',
      source: 'proxy',
      reason: 'proxy request',
      requestId: 'r1',
      modelId: 'openai/gpt-9-preview',
      inputTokens: 10,
      outputTokens: 5,
      cost: 0n,
      success: true,
      costSource: 'unpriced',
    } as Parameters<typeof store.append>[0]);
    const text = createTestDeps({ ledger: store });
    expect(await text.run('ledger', '--summary')).toBe(0);
    expect(text.stdout()).toMatch(/Unpriced calls:\s+1 \(cost unknown, not in the total spend\)/);
    const json = createTestDeps({ ledger: store });
    expect(await json.run('ledger', '--summary', '--json')).toBe(0);
    expect(JSON.parse(json.stdout()).numUnpricedCalls).toBe(1);
  });
  it('prints records in the file shape with --json', async () => {
    const t = createTestDeps({ ledger: await filledStore() });
    expect(await t.run('ledger', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json).toHaveLength(4);
    expect(json[0]).toMatchObject({
      task: 'Task number 1 with a rather long description that goes on',
      budget: 0.5,
      success: true,
      total_cost: 0.011,
      planner_cost: 0.001,
      total_cost_usd: '0.011',
      kind: 'task',
    });
    expect(json[0].entries).toHaveLength(2);
    expect(json[3]).toMatchObject({ kind: 'attempt', source: 'proxy', model_id: 'test/cheap-model' });
  });
  it('shows every record with -n 0, as the original does (issue #17.13)', async () => {
    const store = await filledStore();
    for (let i = 0; i < 25; i++) {
      await store.append({
        kind: 'attempt',
        timestamp: `2026-11-25T10:00:${String(i).padStart(2, '0')}.000Z`,
        source: 'proxy',
        reason: 'proxy request',
        modelId: 'test/cheap-model',
        inputTokens: 1,
        outputTokens: 1,
        cost: usd('0.0001'),
        success: true,
      });
    }
    const t = createTestDeps({ ledger: store });
    expect(await t.run('ledger', '-n', '0', '--json')).toBe(0);
    expect(JSON.parse(t.stdout())).toHaveLength(29);
    const negative = createTestDeps();
    expect(await negative.run('ledger', '--limit', '-1')).toBe(2);
  });
  it('names the ledger path and what to do when it cannot be read (issue #17.10)', async () => {
    const t = createTestDeps();
    t.deps.openLedger = async () => ({
      location: '/tmp/a-directory',
      store: {
        ...createMemoryLedgerStore(),
        // biome-ignore lint/correctness/useYield: fails before yielding, like the file store on a directory
        async *read() {
          throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), {
            code: 'EISDIR',
          });
        },
      },
    });
    expect(await t.run('ledger')).toBe(1);
    expect(t.stderr()).toBe(
      'tokenwise ledger: cannot read the ledger /tmp/a-directory: it is a directory, not a file; point TOKENWISE_LEDGER_PATH (or ledger_path in the config file) at a JSONL file you can read.\n',
    );
  });
});

describe('tokenwise ledger --export', () => {
  it('prints every record as one JSONL line in the file format, oldest first; --limit keeps the last ones', async () => {
    const store = await filledStore();
    const t = createTestDeps({ ledger: store });
    expect(await t.run('ledger', '--export')).toBe(0);
    const lines = t.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const expected: string[] = [];
    for await (const record of store.read()) expected.push(serializeLedgerRecord(record));
    expect(lines).toEqual(expected);
    expect(JSON.parse(lines[3]!)).toMatchObject({
      kind: 'attempt',
      model_id: 'test/cheap-model',
      cost_usd: '0.0002',
    });
    const last = createTestDeps({ ledger: store });
    expect(await last.run('ledger', '--export', '--limit', '1')).toBe(0);
    expect(last.stdout()).toBe(`${expected[3]}\n`);
  });

  it('--out writes the two-file layout of the JSONL store (a database ledger becomes files the original reads)', async () => {
    const store = await filledStore();
    const dir = mkdtempSync(join(tmpdir(), 'tokenwise-export-'));
    try {
      const out = join(dir, 'ledger.jsonl');
      const t = createTestDeps({ ledger: store });
      expect(await t.run('ledger', '--export', '--out', out)).toBe(0);
      expect(t.stderr()).toBe(
        `Exported 3 task records to ${out} and 1 call records to ${join(dir, 'ledger.calls.jsonl')}.\n`,
      );
      const tasks = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(tasks.map((line) => JSON.parse(line).task)).toEqual([
        'Task number 1 with a rather long description that goes on',
        'Task number 2 with a rather long description that goes on',
        'Task number 3 with a rather long description that goes on',
      ]);
      expect(tasks[0]).toMatch(/^\{"timestamp": "2026-11-20T10:00:00\.000000\+00:00", "task": /);
      const calls = readFileSync(join(dir, 'ledger.calls.jsonl'), 'utf8').trimEnd().split('\n');
      expect(calls.map((line) => JSON.parse(line).kind)).toEqual(['attempt']);
      const exported = createJsonlLedgerStore({ path: out });
      expect(await exported.summary()).toEqual(await store.summary());

      const again = createTestDeps({ ledger: store });
      expect(await again.run('ledger', '--export', '--out', out)).toBe(2);
      expect(again.stderr()).toContain(`${out} already exists: --out writes a new ledger`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
