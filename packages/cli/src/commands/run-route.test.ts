import { describe, expect, it } from 'vitest';
import { createTestDeps, TEST_MODELS, testModel } from '../__fixtures__/create-test-deps.js';

describe('tokenwise route', () => {
  it('prints the chosen model with provider, tier, prices, context and scenario (spec §12.1 6)', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write a haiku')).toBe(0);
    const out = t.stdout();
    expect(out).toContain('Selected model: test/cheap-model');
    expect(out).toMatch(/Provider:\s+test/);
    expect(out).toMatch(/Tier:\s+budget/);
    expect(out).toMatch(/Input price:\s+\$0\.10\/M tokens/);
    expect(out).toMatch(/Context window:\s+128,000 tokens/);
    expect(out).toMatch(/Scenario:\s+general \(simple\)/);
    expect(out).toMatch(/Budget:\s+\$1\.00/);
    expect(out).toMatch(/Estimated cost:\s+\$0\.0/);
    expect(t.stderr()).toBe('');
  });
  it('exits 1 with "risk gate" in the message when the enabled gate blocks (spec §12.1 7)', async () => {
    const t = createTestDeps({ env: { TOKENWISE_RISK_GATE_ENABLED: 'true' } });
    expect(await t.run('route', 'delete the production database now')).toBe(1);
    expect(t.stderr().toLowerCase()).toContain('risk gate');
    expect(t.stdout()).toBe('');
  });
  it('honours --strategy, and TOKENWISE_DEFAULT_STRATEGY when the flag is absent', async () => {
    const flag = createTestDeps();
    expect(await flag.run('route', 'Write a haiku', '--strategy', 'best_quality')).toBe(0);
    expect(flag.stdout()).toContain('Selected model: test/flagship-model');
    const env = createTestDeps({ env: { TOKENWISE_DEFAULT_STRATEGY: 'best_quality' } });
    expect(await env.run('route', 'Write a haiku')).toBe(0);
    expect(env.stdout()).toContain('Selected model: test/flagship-model');
    const both = createTestDeps({ env: { TOKENWISE_DEFAULT_STRATEGY: 'best_quality' } });
    expect(await both.run('route', 'Write a haiku', '-s', 'cheapest')).toBe(0);
    expect(both.stdout()).toContain('Selected model: test/cheap-model');
  });
  it('honours TOKENWISE_DEFAULT_BUDGET: a tiny default budget excludes the flagship', async () => {
    const t = createTestDeps({ env: { TOKENWISE_DEFAULT_BUDGET: '0.002' } });
    expect(await t.run('route', 'Write a haiku', '--strategy', 'best_quality', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.budget).toBe(0.002);
    expect(json.model.id).toBe('test/mid-model');
  });
  it('prints the documented JSON shape and nothing else on stdout', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write a haiku', '--budget', '0.05', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json).toEqual({
      model: {
        id: 'test/cheap-model',
        provider: 'test',
        tier: 'budget',
        inputPrice: 0.1,
        outputPrice: 0.4,
        contextWindow: 128000,
        capabilities: ['general', 'code'],
      },
      scenario: { capabilities: ['general'], complexity: 'simple' },
      strategy: 'balanced',
      budget: 0.05,
      estimatedCost: expect.any(Number),
      trace: { requestId: expect.stringMatching(/^[0-9a-f]{12}$/), terminationState: 'completed' },
      catalog: {
        source: 'local',
        fetchedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        models: 3,
        location: null,
      },
    });
    expect(json.estimatedCost).toBeGreaterThan(0);
    expect(json.estimatedCost).toBeLessThanOrEqual(0.05);
  });
  it('--explain lists the models passed over, in text and JSON', async () => {
    const text = createTestDeps();
    expect(await text.run('route', 'Write a haiku', '--explain')).toBe(0);
    expect(text.stdout()).toContain('Passed over 2 other models');
    expect(text.stdout()).toContain('test/mid-model');
    const json = createTestDeps();
    expect(await json.run('route', 'Write a haiku', '--explain', '--json')).toBe(0);
    const parsed = JSON.parse(json.stdout());
    expect(parsed.rejected.map((r: { modelId: string }) => r.modelId).sort()).toEqual([
      'test/flagship-model',
      'test/mid-model',
    ]);
    expect(parsed.rejected[0]).toHaveProperty('reason');
  });
  it('fails with exit 1 and the cheapest option when the budget is too small', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write a haiku', '--budget', '0.0000001')).toBe(1);
    expect(t.stderr()).toMatch(/^tokenwise route: .*budget/i);
    expect(t.stderr()).toContain('test/cheap-model');
    expect(t.stdout()).toBe('');
  });
  it('routes a --capability requirement to a model that has it', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write a haiku', '--capability', 'reasoning', '--json')).toBe(0);
    expect(JSON.parse(t.stdout()).model.id).toBe('test/mid-model');
  });
  it.each([
    ['--budget', 'abc'],
    ['--budget', '0'],
    ['--budget', ''],
    ['--strategy', 'fastest'],
    ['--capability', 'telepathy'],
  ])('rejects %s %j with exit 2 before loading anything', async (flag, value) => {
    const t = createTestDeps();
    expect(await t.run('route', 'hello', flag, value)).toBe(2);
    expect(t.stderr()).toContain(flag);
    expect(t.calls.registry).toBe(0);
  });
  it('joins unquoted words into one query', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write', 'a', 'haiku', '--json')).toBe(0);
    expect(JSON.parse(t.stdout()).model.id).toBe('test/cheap-model');
  });
  it('colours only when colour is on', async () => {
    const plain = createTestDeps({ color: false });
    await plain.run('route', 'Write a haiku');
    expect(plain.stdout()).not.toContain('\u001B[');
    const colored = createTestDeps({ color: true, tty: true });
    await colored.run('route', 'Write a haiku');
    expect(colored.stdout()).toContain('\u001B[');
  });

  it('prints the original route trace: a request id and the termination (issue #17.2)', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write a haiku')).toBe(0);
    expect(t.stdout()).toMatch(/\n\n {2}Request ID:\s+[0-9a-f]{12}\n {2}Termination:\s+completed\n$/);
    const again = createTestDeps();
    await again.run('route', 'Write a haiku');
    expect(again.stdout().match(/Request ID:\s+(\w+)/)![1]).not.toBe(
      t.stdout().match(/Request ID:\s+(\w+)/)![1],
    );
  });
  it('reports a risk-gate block with its trace (no_go), in text and JSON, exit 1', async () => {
    const env = { TOKENWISE_RISK_GATE_ENABLED: 'true' };
    const text = createTestDeps({ env });
    expect(await text.run('route', 'please drop table users')).toBe(1);
    expect(text.stderr()).toMatch(/risk gate: Query matches an irreversible operation: "drop" … "table"/);
    expect(text.stderr()).toMatch(/Request ID: [0-9a-f]{12}\n {2}Termination: no_go\n$/);
    expect(text.stderr()).not.toContain('\\b');
    const json = createTestDeps({ env });
    expect(await json.run('route', 'please drop table users', '--json')).toBe(1);
    expect(JSON.parse(json.stdout())).toMatchObject({
      error: { type: 'risk_gate_blocked', exitCode: 1 },
      trace: { terminationState: 'no_go' },
    });
  });
  it('gives JSON capabilities that match the text ("general", never an empty list)', async () => {
    const t = createTestDeps();
    await t.run('route', 'Write a haiku', '--json');
    expect(JSON.parse(t.stdout()).scenario.capabilities).toEqual(['general']);
    const code = createTestDeps();
    await code.run('route', 'Refactor this class to use dependency injection', '--json');
    expect(JSON.parse(code.stdout()).scenario.capabilities[0]).toBe('code');
  });
  it('says which catalog answered with --verbose', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write a haiku', '--verbose')).toBe(0);
    expect(t.stdout()).toMatch(/Catalog:\s+local of \d{4}-\d\d-\d\d \d\d:\d\d UTC, 3 models/);
  });
  it('--explain speaks CLI words, not library options (allowFree, allowBatch)', async () => {
    const t = createTestDeps({
      models: [...TEST_MODELS, testModel('test/free-model:free', 'budget', 0, 0, ['general'])],
    });
    expect(await t.run('route', 'Write a haiku', '--explain')).toBe(0);
    expect(t.stdout()).toContain('test/free-model:free');
    expect(t.stdout()).not.toMatch(/allowFree|allowBatch|allowUnpriced|budgetStrict|minTier/);
    expect(t.stdout()).toContain('tokenwise models --all');
  });
  it('says when a routing error comes from the cached catalog, naming the file', async () => {
    const t = createTestDeps();
    t.deps.catalogStatus = () => ({
      source: 'cache',
      fetchedAt: Date.UTC(2026, 11, 1),
      models: 3,
      location: '/home/ana/.cache/tokenwise/models.json',
    });
    expect(await t.run('route', 'Write a haiku', '--budget', '0.0000001')).toBe(1);
    expect(t.stderr()).toContain('raise --budget or choose another --capability.');
    expect(t.stderr()).toContain(
      'The catalog is the cached copy in /home/ana/.cache/tokenwise/models.json of 2026-12-01 00:00 UTC with 3 models',
    );
    expect(t.stderr()).not.toContain('budgetStrict');
  });
});
