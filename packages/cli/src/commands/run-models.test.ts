import { describe, expect, it } from 'vitest';
import { createTestDeps, TEST_MODELS, testModel } from '../__fixtures__/create-test-deps.js';

const many = Array.from({ length: 30 }, (_, i) =>
  testModel(`acme/model-${String(i).padStart(2, '0')}`, 'mid', 1 + i, 2),
);

describe('tokenwise models', () => {
  it('lists models strongest tier first, as tab-separated lines when piped', async () => {
    const t = createTestDeps();
    expect(await t.run('models')).toBe(0);
    const lines = t.stdout().trim().split('\n');
    expect(lines[0]).toBe('Model ID\tTier\tInput $/M\tOutput $/M\tContext\tCapabilities');
    expect(lines.slice(1).map((line) => line.split('\t')[0])).toEqual([
      'test/flagship-model',
      'test/mid-model',
      'test/cheap-model',
    ]);
    expect(lines[1]).toContain('$10.00\t$40.00\t128,000\tgeneral, code, reasoning, math');
  });
  it('draws an aligned table with a title line on a terminal', async () => {
    const t = createTestDeps({ tty: true });
    expect(await t.run('models')).toBe(0);
    expect(t.stdout()).toContain('3 models (catalog: local)');
    expect(t.stdout()).toMatch(/Model ID\s{2,}Tier/);
    expect(t.stdout()).not.toContain('\t');
  });
  it('filters by --tier, --capability and --search', async () => {
    const tier = createTestDeps();
    await tier.run('models', '--tier', 'budget', '--json');
    expect(JSON.parse(tier.stdout()).map((m: { id: string }) => m.id)).toEqual(['test/cheap-model']);
    const capability = createTestDeps();
    await capability.run('models', '-c', 'reasoning', '--json');
    expect(JSON.parse(capability.stdout()).map((m: { id: string }) => m.id)).toEqual([
      'test/flagship-model',
      'test/mid-model',
    ]);
    const search = createTestDeps();
    await search.run('models', '--search', 'MID', '--json');
    expect(JSON.parse(search.stdout())).toHaveLength(1);
  });
  it('limits to 20 by default with a note on stderr when piped, and honours --limit', async () => {
    const t = createTestDeps({ models: many });
    expect(await t.run('models')).toBe(0);
    expect(t.stdout().trim().split('\n')).toHaveLength(21);
    expect(t.stderr()).toContain('Showing 20 of 30 models. Use --limit to see more.');
    const limited = createTestDeps({ models: many });
    await limited.run('models', '-n', '5', '--json');
    expect(JSON.parse(limited.stdout())).toHaveLength(5);
  });
  it('prints an array of route model objects with --json', async () => {
    const t = createTestDeps();
    await t.run('models', '--json');
    const json = JSON.parse(t.stdout());
    expect(json).toHaveLength(TEST_MODELS.length);
    expect(json[2]).toEqual({
      id: 'test/cheap-model',
      provider: 'test',
      tier: 'budget',
      inputPrice: 0.1,
      outputPrice: 0.4,
      contextWindow: 128000,
      capabilities: ['general', 'code'],
    });
  });
  it('asks the registry for a refresh only with --refresh', async () => {
    const t = createTestDeps();
    await t.run('models');
    expect(t.calls.refresh).toBe(0);
    await t.run('models', '--refresh');
    expect(t.calls.refresh).toBe(1);
  });
  it.each([
    ['--tier', 'premium'],
    ['--limit', '0'],
    ['--limit', 'ten'],
  ])('rejects %s %s with exit 2', async (flag, value) => {
    const t = createTestDeps();
    expect(await t.run('models', flag, value)).toBe(2);
    expect(t.stderr()).toContain(flag);
  });
  it('says so when nothing matches', async () => {
    const t = createTestDeps();
    expect(await t.run('models', '--search', 'nothing-like-this')).toBe(0);
    expect(t.stdout()).toContain('No models match');
  });
  it('--all also lists free models and router ids, and without it says how many are hidden (issue #17.5)', async () => {
    const models = [
      ...TEST_MODELS,
      testModel('acme/chat:free', 'budget', 0, 0),
      { ...testModel('openrouter/auto', 'mid', 1, 1), pricing: undefined },
    ];
    const hidden = createTestDeps({ models });
    expect(await hidden.run('models', '--json')).toBe(0);
    expect(JSON.parse(hidden.stdout())).toHaveLength(3);
    expect(hidden.stderr()).toContain(
      '2 free or unpriced models are hidden (routing never picks them); --all lists them.',
    );
    const text = createTestDeps({ models });
    expect(await text.run('models')).toBe(0);
    expect(text.stderr()).toContain('2 free or unpriced models are hidden');
    const all = createTestDeps({ models });
    expect(await all.run('models', '--all', '--json')).toBe(0);
    expect(JSON.parse(all.stdout()).map((m: { id: string }) => m.id)).toEqual(
      expect.arrayContaining(['acme/chat:free', 'openrouter/auto']),
    );
    expect(all.stderr()).not.toContain('hidden');
    const short = createTestDeps({ models });
    expect(await short.run('models', '-a', '--json')).toBe(0);
    expect(JSON.parse(short.stdout())).toHaveLength(5);
  });
  it('names the catalog that answered with --json (stderr) and --verbose', async () => {
    const t = createTestDeps();
    expect(await t.run('models', '--json')).toBe(0);
    expect(t.stderr()).toMatch(/^Catalog: local of \d{4}-\d\d-\d\d \d\d:\d\d UTC, 3 models\n$/);
    const verbose = createTestDeps();
    expect(await verbose.run('models', '--verbose')).toBe(0);
    expect(verbose.stderr()).toContain('Catalog: local');
  });
});
