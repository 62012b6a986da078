import type { TaskRecord } from '@tokenwise/ledger';
import { InvalidArgumentError, ModelNotPricedError, usd } from '@tokenwise/spec';
import { type CommandDef, renderUsage, runCommand } from 'citty';
import { describe, expect, it } from 'vitest';
import { createBenchHarness } from './__fixtures__/bench-harness.js';
import { checkWellFormedXml } from './__fixtures__/check-xml.js';
import { createBenchCommand } from './create-bench-command.js';

async function bench(harness: ReturnType<typeof createBenchHarness>, ...rawArgs: string[]): Promise<void> {
  await runCommand(createBenchCommand(harness.deps), { rawArgs: ['pareto', ...rawArgs] });
}

function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const columns = header!.split(',');
  // the fixture answers' errors hold no commas or quotes, so a plain split is exact here
  return lines.map((line) =>
    Object.fromEntries(line.split(',').map((value, index) => [columns[index]!, value])),
  );
}

const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);

describe('bench pareto against scripted mock upstreams', () => {
  it('runs models and the escalation strategy: validators decide success, CSV, summary, chart and ledger agree', async () => {
    const harness = createBenchHarness();
    await bench(
      harness,
      '--models',
      'openai/cheap,openai/mid',
      '--models',
      'openai/top',
      '--models=openai/flaky',
      '--strategies',
      'escalation',
      '--csv',
      'out/results.csv',
      '--chart',
      'out/pareto.svg',
      '--concurrency',
      '3',
    );
    const rows = csvRows(harness.files.get('out/results.csv')!);
    expect(rows).toHaveLength(5 * 16);
    const rate = (series: string) =>
      rows.filter((row) => row.series === series && row.success === 'true').length;
    expect(rate('openai/cheap')).toBe(8); // simple + coding
    expect(rate('openai/mid')).toBe(12); // all but hard
    expect(rate('openai/top')).toBe(16);
    expect(rate('openai/flaky')).toBe(0);
    expect(rate('tokenwise:escalation')).toBe(16);

    // validators, not "the call returned", decide: cheap answered every reasoning task, and failed them
    const cheapReasoning = rows.filter(
      (row) => row.series === 'openai/cheap' && row.category === 'reasoning',
    );
    expect(cheapReasoning.every((row) => row.calls === '1' && row.error!.startsWith('validator: '))).toBe(
      true,
    );
    expect(rows.find((row) => row.series === 'openai/flaky')!.error).toMatch(/^ApiCallError: /);

    // exact costs: 20 input and 100 output tokens at each model's price
    const cheapCost = '0.000042';
    const midCost = '0.00042';
    const topCost = '0.0042';
    expect(
      rows.filter((row) => row.series === 'openai/cheap').every((row) => row.cost_usd === cheapCost),
    ).toBe(true);
    expect(rows.filter((row) => row.series === 'openai/mid').every((row) => row.cost_usd === midCost)).toBe(
      true,
    );
    expect(rows.filter((row) => row.series === 'openai/top').every((row) => row.cost_usd === topCost)).toBe(
      true,
    );
    expect(rows.filter((row) => row.series === 'openai/flaky').every((row) => row.cost_usd === '0')).toBe(
      true,
    );

    // escalation climbs budget → mid → flagship only while the validator fails, paying for every attempt
    const escalation = Object.fromEntries(
      rows.filter((row) => row.series === 'tokenwise:escalation').map((row) => [row.task, row]),
    );
    expect(escalation['simple-capital']).toMatchObject({
      model_used: 'openai/cheap',
      escalated: 'false',
      calls: '1',
      cost_usd: cheapCost,
    });
    expect(escalation['reasoning-bat-ball']).toMatchObject({
      model_used: 'openai/mid',
      escalated: 'true',
      calls: '2',
      cost_usd: '0.000462',
    });
    expect(escalation['hard-lru-cache']).toMatchObject({
      model_used: 'openai/top',
      escalated: 'true',
      calls: '3',
      cost_usd: '0.004662',
    });

    // budgets hold: nothing over the per-task ceiling, no violation flagged
    for (const row of rows) {
      expect(usd(row.cost_usd!) <= usd('0.03')).toBe(true);
      expect(row.budget_violation).toBe('false');
      expect(row.budget_usd).toBe('0.03');
    }

    // every call is in the ledger: one task record per (series, task), entries = attempts, totals match the CSV
    const records = harness.ledger.records as TaskRecord[];
    expect(records).toHaveLength(80);
    expect(records.every((record) => record.kind === 'task' && record.source === 'bench')).toBe(true);
    expect(sum(records.map((record) => record.totalCost))).toBe(sum(rows.map((row) => usd(row.cost_usd!))));
    const calledEntries = records.flatMap((record) => record.entries).length;
    expect(calledEntries).toBe(harness.upstream.calls.length);
    const hard = records.find(
      (record) => record.task === 'bench pareto: tokenwise:escalation · hard-lru-cache',
    )!;
    // answers the validator rejected were billed but wasted: recorded as failed attempts
    expect(hard.entries.map((entry) => [entry.modelId, entry.success])).toEqual([
      ['openai/cheap', false],
      ['openai/mid', false],
      ['openai/top', true],
    ]);
    expect(hard.totalCost).toBe(usd('0.004662'));

    // the summary table and the chart
    const out = harness.stdout.join('');
    expect(out).toMatch(/tokenwise:escalation\s+16\/16 \(100%\)\s+\$0\.001302\s+\$0\.020832/);
    expect(out).toMatch(/openai\/flaky\s+0\/16 \(0%\)\s+\$0\.000000/);
    const svg = harness.files.get('out/pareto.svg')!;
    expect(checkWellFormedXml(svg).filter((name) => name === 'circle')).toHaveLength(5);
    expect(svg).toContain('>tokenwise:escalation</text>');

    // progress went to stderr, one line per task
    const progress = harness.stderr
      .join('')
      .split('\n')
      .filter((line) => /^\[\d+\/80\]/.test(line));
    expect(progress).toHaveLength(80);
  });

  it('runs the three router strategies: one call per task, model chosen per task', async () => {
    const harness = createBenchHarness();
    // $0.10 per task, so the flagship fits: at $0.03, 1024 output tokens of it cost more than the budget and
    // best_quality settles for the best model that fits
    await bench(
      harness,
      '--strategies',
      'cheapest,best-quality',
      '--strategies',
      'balanced',
      '--json',
      '--categories',
      'reasoning,simple',
      '--budget-per-task',
      '0.1',
    );
    const report = JSON.parse(harness.stdout.join('')) as {
      summary: { series: string; successes: number; tasks: number }[];
      results: {
        series: string;
        modelUsed: string;
        calls: number;
        success: boolean;
        budgetViolation: boolean;
      }[];
    };
    expect(report.summary.map((entry) => entry.series)).toEqual([
      'tokenwise:cheapest',
      'tokenwise:best_quality',
      'tokenwise:balanced',
    ]);
    expect(report.results).toHaveLength(24);
    const cheapest = report.results.filter((result) => result.series === 'tokenwise:cheapest');
    expect(new Set(cheapest.map((result) => result.modelUsed))).toEqual(new Set(['openai/cheap']));
    expect(cheapest.filter((result) => result.success)).toHaveLength(4); // the simple ones
    const best = report.results.filter((result) => result.series === 'tokenwise:best_quality');
    expect(new Set(best.map((result) => result.modelUsed))).toEqual(new Set(['openai/top']));
    expect(best.every((result) => result.success)).toBe(true);
    expect(report.results.every((result) => result.calls === 1 && !result.budgetViolation)).toBe(true);
  });

  it('best_quality settles for the best model the budget can pay for', async () => {
    const harness = createBenchHarness();
    await bench(harness, '--strategies', 'best_quality', '--categories', 'simple', '--csv', 'r.csv');
    const rows = csvRows(harness.files.get('r.csv')!);
    // the flagship's expected cost (1024 output tokens at $40/M) is over $0.03; the strongest mid-tier model fits
    expect(rows.map((row) => row.model_used)).toEqual(Array(4).fill('openai/liar'));
  });

  it('keeps failed-but-billed calls inside the budget and flags a vendor that bills past max_tokens', async () => {
    const harness = createBenchHarness();
    await bench(
      harness,
      '--models',
      'openai/garbled,openai/liar',
      '--categories',
      'simple',
      '--csv',
      'r.csv',
      '--budget-per-task',
      '0.01',
    );
    const rows = csvRows(harness.files.get('r.csv')!);
    const garbled = rows.filter((row) => row.series === 'openai/garbled');
    // a malformed answer was billed by the vendor: settled at the reserved worst case, never above the budget
    for (const row of garbled) {
      expect(row.success).toBe('false');
      expect(usd(row.cost_usd!) > 0n && usd(row.cost_usd!) <= usd('0.01')).toBe(true);
      expect(row.budget_violation).toBe('false');
    }
    const liar = rows.filter((row) => row.series === 'openai/liar');
    expect(liar.every((row) => row.budget_violation === 'true' && usd(row.cost_usd!) > usd('0.01'))).toBe(
      true,
    );
  });

  it('clamps max_tokens to the budget and refuses models the budget cannot pay for, without calling them', async () => {
    const harness = createBenchHarness();
    await bench(
      harness,
      '--models',
      'openai/mid,openai/top',
      '--categories',
      'simple',
      '--budget-per-task',
      '0.001',
      '--csv',
      'r.csv',
    );
    const rows = csvRows(harness.files.get('r.csv')!);
    const top = rows.filter((row) => row.series === 'openai/top');
    expect(
      top.every((row) => row.calls === '0' && row.cost_usd === '0' && /BudgetExceededError/.test(row.error!)),
    ).toBe(true);
    const calls = harness.upstream.calls.map(
      (call) => call.bodyJson as { model: string; max_tokens?: number; max_completion_tokens?: number },
    );
    expect(calls).toHaveLength(4);
    for (const call of calls) {
      expect(call.model).toBe('mid');
      // $0.001 minus the input pays for at most 250 output tokens at $4/M
      expect(call.max_completion_tokens ?? call.max_tokens).toBeLessThan(250);
    }
    for (const row of rows) expect(usd(row.cost_usd!) <= usd('0.001')).toBe(true);
  });

  it('--dry-run prints the plan and the worst case and calls nothing', async () => {
    const harness = createBenchHarness();
    await bench(harness, '--models', 'openai/cheap', 'openai/top', '--strategies', '--dry-run');
    expect(harness.upstream.calls).toHaveLength(0);
    expect(harness.ledger.records).toHaveLength(0);
    const out = harness.stdout.join('');
    expect(out).toMatch(/^Dry run: nothing will be called\./);
    expect(out).toMatch(/Tasks: 16 \(simple 4, reasoning 4, coding 4, hard 4\)/);
    expect(out).toMatch(/tokenwise:escalation\s+strategy\s+48\s+\$0\.480000/);
    expect(out).toMatch(/openai\/top\s+model\s+16\s+\$0\.\d+/);
    expect(out).toMatch(/Worst-case total: \$\d+\.\d{6}/);
  });

  it('--dry-run --json reports exact worst cases: a strategy is bounded by budget × tasks', async () => {
    const harness = createBenchHarness();
    await bench(
      harness,
      '--strategies',
      'escalation',
      '--models',
      'openai/cheap',
      '--dry-run',
      '--json',
      '--budget-per-task',
      '0.02',
    );
    const plan = JSON.parse(harness.stdout.join('')) as {
      worstCaseUsd: string;
      series: { series: string; worstCaseUsd: string }[];
    };
    const escalation = plan.series.find((entry) => entry.series === 'tokenwise:escalation')!;
    expect(escalation.worstCaseUsd).toBe('0.32');
    const cheap = plan.series.find((entry) => entry.series === 'openai/cheap')!;
    expect(usd(cheap.worstCaseUsd) > 0n && usd(cheap.worstCaseUsd) < usd('0.32')).toBe(true);
    expect(usd(plan.worstCaseUsd)).toBe(usd(cheap.worstCaseUsd) + usd('0.32'));
    expect(harness.upstream.calls).toHaveLength(0);
  });

  it('stops starting tasks on abort and still reports the finished ones', async () => {
    const harness = createBenchHarness();
    const controller = new AbortController();
    harness.deps.io.signal = controller.signal;
    const stderr = harness.deps.io.stderr;
    harness.deps.io.stderr = (text) => {
      stderr(text);
      if (text.startsWith('[3/')) controller.abort();
    };
    await bench(harness, '--models', 'openai/cheap', '--concurrency', '1', '--csv', 'r.csv');
    expect(csvRows(harness.files.get('r.csv')!)).toHaveLength(3);
    expect(harness.upstream.calls).toHaveLength(3);
    expect(harness.stderr.join('')).toMatch(/Interrupted: the results above cover the tasks that finished/);
  });

  it('redraws one progress line on a terminal', async () => {
    const harness = createBenchHarness();
    harness.deps.io.stderrIsTTY = true;
    await bench(harness, '--models', 'openai/cheap', '--categories', 'simple');
    const progress = harness.stderr.filter((text) => text.includes('openai/cheap · '));
    expect(progress).toHaveLength(4);
    expect(progress.every((text) => text.startsWith('\r\u001b[2K[') && !text.includes('\n'))).toBe(true);
  });

  it('runs a JSONL task file', async () => {
    const tasks = [
      '{"id": "capital", "prompt": "What is the capital city of Australia? Answer with the city name.", "category": "simple", "validator": {"type": "contains", "value": "Canberra"}}',
      '{"id": "bat", "prompt": "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost, in dollars? End your answer with the amount.", "category": "reasoning", "validator": {"type": "number", "value": 0.05}}',
    ].join('\n');
    const harness = createBenchHarness({ 'my.jsonl': tasks });
    await bench(harness, '--models', 'openai/cheap', '--tasks', 'my.jsonl', '--csv', 'r.csv', '--no-ledger');
    const rows = csvRows(harness.files.get('r.csv')!);
    expect(rows.map((row) => [row.task, row.success])).toEqual([
      ['capital', 'true'],
      ['bat', 'false'],
    ]);
    expect(harness.ledger.records).toHaveLength(0);
  });

  it('rejects bad arguments before calling anything', async () => {
    const harness = createBenchHarness({
      'bad.jsonl': '{"prompt": "x", "category": "simple", "validator": {"type": "nope"}}',
    });
    const failure = async (...args: string[]) => {
      try {
        await bench(harness, ...args);
      } catch (error) {
        return error;
      }
      throw new Error('expected a failure');
    };
    const nothing = await failure('--csv', 'x.csv');
    expect(InvalidArgumentError.isInstance(nothing) && nothing.message).toMatch(/Nothing to run/);
    const unpriced = await failure('--models', 'openai/nope');
    expect(ModelNotPricedError.isInstance(unpriced) && unpriced.message).toMatch(/model_overrides/);
    const strategy = await failure('--strategies', 'fastest');
    expect(InvalidArgumentError.isInstance(strategy) && strategy.message).toMatch(
      /Unknown strategy "fastest"/,
    );
    const budget = await failure('--models', 'openai/cheap', '--budget-per-task', '-1');
    expect(InvalidArgumentError.isInstance(budget) && budget.argument).toBe('--budget-per-task');
    expect((budget as Error).message).toBe(
      '--budget-per-task must be a positive USD amount like 0.03 (got "-1").',
    );
    const typo = await failure('--models', 'openai/cheap', '--budget-per-tsk', '0.01', '--dry-run');
    expect(InvalidArgumentError.isInstance(typo) && typo.message).toMatch(/^Unknown option --budget-per-tsk/);
    const missing = await failure('--models', 'openai/cheap', '--tasks', 'missing.jsonl');
    expect(InvalidArgumentError.isInstance(missing) && missing.message).toBe(
      '--tasks: cannot read missing.jsonl (no such file); pass a JSONL task file, or leave --tasks out for the built-in tasks.',
    );
    const zero = await failure('--models', 'openai/cheap', '--budget-per-task', '0');
    expect(InvalidArgumentError.isInstance(zero) && zero.argument).toBe('--budget-per-task');
    const file = await failure('--models', 'openai/cheap', '--tasks', 'bad.jsonl');
    expect(InvalidArgumentError.isInstance(file) && file.message).toMatch(
      /^bad\.jsonl:1 has an invalid "validator\.type"/,
    );
    const swallowed = await failure('--models', 'openai/cheap', '--csv', '--dry-run');
    expect(InvalidArgumentError.isInstance(swallowed) && swallowed.message).toMatch(/--csv needs a value/);
    const category = await failure('--models', 'openai/cheap', '--categories', 'poetry');
    expect(InvalidArgumentError.isInstance(category) && category.message).toMatch(
      /No task has category poetry/,
    );
    expect(harness.upstream.calls).toHaveLength(0);
  });
});

describe('usage headers', () => {
  const header = async (command: CommandDef, parent?: CommandDef) =>
    (await renderUsage(command, parent)).split('\n').find((line) => line.includes('USAGE'));
  const pareto = async (bench: CommandDef) =>
    (await (bench.subCommands as Record<string, () => CommandDef>).pareto!()) as CommandDef;

  it('names the bin in the `tokenwise-bench` help, for the family and for pareto', async () => {
    const bench = createBenchCommand(createBenchHarness().deps, {
      version: '1.2.3',
      name: 'tokenwise-bench',
    });
    expect(await header(bench)).toContain('USAGE tokenwise-bench pareto');
    // citty renders a sub-command under its parent: what `tokenwise-bench pareto --help` prints
    expect(await header(await pareto(bench), bench)).toMatch(/USAGE tokenwise-bench pareto \[OPTIONS\]/);
  });

  it('is `bench` by default, the name `tokenwise` mounts it under', async () => {
    const bench = createBenchCommand(createBenchHarness().deps);
    const tokenwise = { meta: { name: 'tokenwise' } } as CommandDef;
    expect(await header(bench, tokenwise)).toContain('USAGE tokenwise bench pareto');
  });

  it('--models: refreshes the catalog once on a miss, then runs a model the live catalog added', async () => {
    const harness = createBenchHarness();
    const known = await harness.deps.loadModels();
    const added = { ...known[0]!, id: 'openai/brand-new' };
    const loads: Array<boolean | undefined> = [];
    harness.deps.loadModels = async (options) => {
      loads.push(options?.refresh);
      return options?.refresh === true ? [...known, added] : known;
    };
    await bench(harness, '--models', 'openai/brand-new,openai/also-new', '--dry-run').catch(
      (error: unknown) => {
        expect(ModelNotPricedError.isInstance(error) && error.modelId).toBe('openai/also-new');
      },
    );
    // one load, one refresh for both misses
    expect(loads).toEqual([false, true]);
    loads.length = 0;
    await bench(harness, '--models', 'openai/brand-new', '--dry-run');
    expect(loads).toEqual([false, true]);
  });
});
