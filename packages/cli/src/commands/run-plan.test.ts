import { createMemoryLedgerStore } from '@tokenwise/ledger';
import { describe, expect, it } from 'vitest';
import { createTestDeps } from '../__fixtures__/create-test-deps.js';
import { createFakePlanService } from '../__fixtures__/fake-plan-service.js';

async function records(store: ReturnType<typeof createTestDeps>['ledger']) {
  const found = [];
  for await (const record of store.read()) found.push(record);
  return found;
}

describe('tokenwise plan', () => {
  it('prints the task and the step descriptions without executing or saving (spec §12.1 8)', async () => {
    const fake = createFakePlanService({
      steps: [
        {
          id: 1,
          description: 'Do the whole thing',
          modelId: 'test/cheap-model',
          estimatedCost: 1000n,
          dependsOn: [],
        },
      ],
    });
    const t = createTestDeps({ planService: fake.service });
    expect(await t.run('plan', 'Test task')).toBe(0);
    expect(t.stdout()).toContain('Plan for: Test task');
    expect(t.stdout()).toContain('Do the whole thing');
    expect(fake.seen.executeCalls).toBe(0);
    expect(await records(t.ledger)).toHaveLength(0);
  });
  it('shows budget, estimate, planner cost, dependencies and parallel groups', async () => {
    const t = createTestDeps({ planService: createFakePlanService().service });
    expect(await t.run('plan', 'Build a REST API', '--budget', '0.50')).toBe(0);
    const out = t.stdout();
    expect(out).toContain('Budget: $0.50');
    expect(out).toContain('Estimated cost: $0.0060');
    expect(out).toContain('Planner cost: $0.0005');
    expect(out).toContain('Within budget: Yes');
    expect(out).toContain('3\tReview both\ttest/mid-model\t$0.0030\t1, 2\t2');
    expect(out).toContain('group 1 runs steps 1, 2 together');
  });
  it('warns when the planner fell back to a single step', async () => {
    const t = createTestDeps({ planService: createFakePlanService({ source: 'fallback' }).service });
    expect(await t.run('plan', 'x')).toBe(0);
    expect(t.stdout()).toContain(
      'Warning: LLM decomposition failed, using single-step fallback. (planner answered no JSON)',
    );
  });
  it('uses TOKENWISE_DEFAULT_BUDGET when --budget is absent', async () => {
    const t = createTestDeps({
      env: { TOKENWISE_DEFAULT_BUDGET: '0.25' },
      planService: createFakePlanService().service,
    });
    expect(await t.run('plan', 'x', '--json')).toBe(0);
    expect(JSON.parse(t.stdout()).budget).toBe(0.25);
  });
  it('prints the documented JSON plan shape', async () => {
    const t = createTestDeps({ planService: createFakePlanService().service });
    expect(await t.run('plan', 'Build a REST API', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json).toMatchObject({
      task: 'Build a REST API',
      budget: 1,
      source: 'llm',
      estimatedCost: 0.006,
      plannerCost: 0.0005,
    });
    expect(json.steps[2]).toEqual({
      id: 3,
      description: 'Review both',
      modelId: 'test/mid-model',
      estimatedCost: 0.003,
      dependsOn: [1, 2],
    });
    expect(json).not.toHaveProperty('result');
  });
  it('--execute streams one progress line per event to stderr, reports, and saves the record', async () => {
    const fake = createFakePlanService();
    const t = createTestDeps({ planService: fake.service });
    expect(await t.run('plan', 'Build a REST API', '--execute', '--concurrency', '2')).toBe(0);
    expect(fake.seen.concurrency).toBe(2);
    const err = t.stderr();
    expect(err).toContain('Planning task…');
    expect(err).toContain('[step 1] started  test/cheap-model');
    expect(err).toMatch(/\[step 3\] done\s+test\/mid-model\s+\$0\.0030/);
    expect(err).not.toContain('\r');
    const out = t.stdout();
    expect(out).toContain('Status: Success');
    expect(out).toContain('Total cost: $0.0065 (planner $0.0005 included)');
    expect(out).toContain('Budget remaining: $0.9935');
    expect(out).toContain('step 3 attempt 1\ttest/mid-model\t100\t200\t$0.003000\tY');
    expect(out).toContain('output of step 3');
    expect(out).toContain('Request ID: abc123def456');
    expect(out).toContain('Termination: completed');
    expect(out).toContain('Saved to ledger: memory');
    const saved = await records(t.ledger);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      kind: 'task',
      task: 'Build a REST API',
      success: true,
      totalCost: 6_500_000_000n,
    });
  });
  it('--execute --json adds the result and keeps progress on stderr', async () => {
    const t = createTestDeps({ planService: createFakePlanService().service });
    expect(await t.run('plan', 'Build a REST API', '-x', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.result).toMatchObject({
      success: true,
      totalCost: 0.0065,
      wastedCost: 0,
      budgetRemaining: 0.9935,
      finalOutput: 'output of step 3',
    });
    expect(json.result.steps[0]).toEqual({
      id: 1,
      modelId: 'test/cheap-model',
      success: true,
      cost: 0.001,
      escalated: false,
      output: 'output of step 1',
      error: null,
    });
    expect(t.stderr()).toContain('[step 1]');
  });
  it('exits 1 when the plan fails, still reporting retries, escalations, wasted cost and saving', async () => {
    const t = createTestDeps({ planService: createFakePlanService({ outcome: 'failure' }).service });
    expect(await t.run('plan', 'Build a REST API', '--execute')).toBe(1);
    expect(t.stderr()).toContain('[step 2] retry    test/cheap-model  attempt 2 in 500 ms: HTTP 503');
    expect(t.stderr()).toContain('[step 2] escalate test/cheap-model → test/mid-model');
    expect(t.stdout()).toContain('Status: Failed');
    expect(t.stdout()).toContain('Wasted cost (failed attempts): $0.002000');
    expect(t.stdout()).toContain('Step 2 failed: HTTP 503');
    expect((await records(t.ledger))[0]).toMatchObject({ success: false });
  });
  it('Ctrl-C cancels cleanly: exit 130, the report says Cancelled, and the record is still saved', async () => {
    const controller = new AbortController();
    const t = createTestDeps({
      planService: createFakePlanService({ outcome: 'abort-aware' }).service,
      signal: controller.signal,
    });
    const running = t.run('plan', 'Build a REST API', '--execute');
    setTimeout(() => controller.abort(), 10);
    expect(await running).toBe(130);
    expect(t.stdout()).toContain('Status: Cancelled');
    expect(t.stdout()).toContain('Skipped 3 step(s)');
    expect(await records(t.ledger)).toHaveLength(1);
  });
  it('still prints the report when the ledger cannot be written, then exits 1 saying so', async () => {
    const store = createMemoryLedgerStore();
    store.append = async () => {
      throw new Error('EACCES: permission denied, open /root/ledger.jsonl');
    };
    const t = createTestDeps({ planService: createFakePlanService().service, ledger: store });
    expect(await t.run('plan', 'Build a REST API', '--execute', '--json')).toBe(1);
    const json = JSON.parse(t.stdout());
    expect(json.result.success).toBe(true);
    expect(json.ledger).toBeNull();
    expect(t.stderr()).toContain('could not save the ledger record: EACCES');
  });
  it('rejects a malformed --budget or --concurrency with exit 2 before planning', async () => {
    const fake = createFakePlanService();
    const t = createTestDeps({ planService: fake.service });
    expect(await t.run('plan', 'x', '--budget', 'five dollars')).toBe(2);
    expect(await t.run('plan', 'x', '--concurrency', '0')).toBe(2);
    expect(fake.seen.planCalls).toBe(0);
  });
  it('exits 1 with the planner error when planning throws (e.g. a missing key)', async () => {
    const t = createTestDeps({
      planService: {
        plan: async () => {
          const { LoadApiKeyError } = await import('@tokenwise/spec');
          throw new LoadApiKeyError({
            provider: 'openrouter',
            environmentVariableName: 'OPENROUTER_API_KEY',
          });
        },
        execute: async () => {
          throw new Error('unreachable');
        },
      },
    });
    expect(await t.run('plan', 'x', '--execute')).toBe(1);
    expect(t.stderr()).toContain(
      'tokenwise plan: missing API key for openrouter: set OPENROUTER_API_KEY in the environment',
    );
    expect(t.stderr()).not.toContain('pass apiKey');
  });
  it('--execute with no provider key stops before any model call, naming the four variables (issue #17.4)', async () => {
    const fake = createFakePlanService();
    const t = createTestDeps({ planService: fake.service });
    t.deps.missingProviderKeys = () => [
      'OPENROUTER_API_KEY',
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'GOOGLE_API_KEY',
    ];
    expect(await t.run('plan', 'Build a REST API', '--execute')).toBe(1);
    expect(t.stderr()).toBe(
      'tokenwise plan: no provider API key is set; set one of OPENROUTER_API_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY (in the environment or ~/.config/tokenwise/config.yaml) and run again.\n',
    );
    expect(t.calls.planService).toBe(0);
    expect(t.calls.registry).toBe(0); // not even the catalog is loaded (a stale one would be refreshed first)
    expect(fake.seen.planCalls).toBe(0);
    expect(fake.seen.executeCalls).toBe(0);
    const json = createTestDeps({ planService: fake.service });
    json.deps.missingProviderKeys = () => ['OPENROUTER_API_KEY'];
    expect(await json.run('plan', 'Build a REST API', '--execute', '--json')).toBe(1);
    expect(JSON.parse(json.stdout()).error).toMatchObject({ type: 'load_api_key', exitCode: 1 });
    // Planning alone still works (it falls back to one step when the planner cannot be called).
    const planOnly = createTestDeps({ planService: fake.service });
    planOnly.deps.missingProviderKeys = () => ['OPENROUTER_API_KEY'];
    expect(await planOnly.run('plan', 'Build a REST API')).toBe(0);
  });
  it('--execute refuses up front, with no step call, when even the cheapest plan is over budget (issue #17.11)', async () => {
    const fake = createFakePlanService();
    const t = createTestDeps({ planService: fake.service });
    expect(await t.run('plan', 'Build a REST API', '--execute', '--budget', '0.005')).toBe(1);
    expect(t.stderr().replace('Planning task…\n', '')).toBe(
      'tokenwise plan: the cheapest plan is estimated at $0.0065 (planner $0.0005 included), over the budget of $0.0050; raise --budget or simplify the task. No step was run.\n',
    );
    expect(t.stdout()).toBe('');
    expect(fake.seen.executeCalls).toBe(0);
    expect(await records(t.ledger)).toHaveLength(0);
    const json = createTestDeps({ planService: fake.service });
    expect(await json.run('plan', 'Build a REST API', '--execute', '--budget', '0.005', '--json')).toBe(1);
    const doc = JSON.parse(json.stdout());
    expect(doc.error).toMatchObject({ type: 'budget_exceeded', exitCode: 1 });
    expect(doc.plan).toMatchObject({ withinBudget: false, estimatedCost: 0.006, budget: 0.005 });
    // Without --execute the over-budget plan is still shown (Within budget: No), exit 0.
    const show = createTestDeps({ planService: fake.service });
    expect(await show.run('plan', 'Build a REST API', '--budget', '0.005')).toBe(0);
    expect(show.stdout()).toContain('Within budget: No');
  });
  it('names the catalog in --json and --verbose', async () => {
    const t = createTestDeps({ planService: createFakePlanService().service });
    expect(await t.run('plan', 'Build a REST API', '--json')).toBe(0);
    expect(JSON.parse(t.stdout()).catalog).toMatchObject({ source: 'local', models: 3 });
    const verbose = createTestDeps({ planService: createFakePlanService().service });
    expect(await verbose.run('plan', 'Build a REST API', '--verbose')).toBe(0);
    expect(verbose.stdout()).toMatch(/Catalog: local of .* UTC, 3 models/);
  });
});
