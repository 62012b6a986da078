import { ModelNotPricedError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createCatalogMissRefresh, findModelOrRefresh, unpricedModel } from './outside-catalog.js';

describe('createCatalogMissRefresh', () => {
  it('shares a refresh in flight and refreshes at most once per interval', async () => {
    let now = 0;
    let calls = 0;
    let finish: () => void = () => {};
    const refresh = createCatalogMissRefresh(
      () =>
        new Promise<void>((resolve) => {
          calls++;
          finish = resolve;
        }),
      { clock: () => now, intervalMs: 1000 },
    );
    const a = refresh();
    const b = refresh();
    expect(calls).toBe(1);
    finish();
    await Promise.all([a, b]);
    now = 999;
    await refresh();
    expect(calls).toBe(1);
    now = 1000;
    const c = refresh();
    finish();
    await c;
    expect(calls).toBe(2);
  });

  it('never rejects, whatever the refresh does', async () => {
    const refresh = createCatalogMissRefresh(() => Promise.reject(new Error('offline')), { clock: () => 0 });
    await expect(refresh()).resolves.toBeUndefined();
  });
});

describe('findModelOrRefresh', () => {
  const model = unpricedModel('openai/gpt-9', { budgetApplies: false });

  it('refreshes once on a miss and finds a model the live catalog added', async () => {
    const ids = new Set<string>();
    let refreshes = 0;
    const catalog = {
      get: (id: string) => (ids.has(id) ? model : undefined),
      refresh: async () => {
        refreshes++;
        ids.add('openai/gpt-9');
      },
    };
    expect(await findModelOrRefresh(catalog, 'openai/gpt-9')).toBe(model);
    expect(await findModelOrRefresh(catalog, 'openai/gpt-9')).toBe(model);
    expect(refreshes).toBe(1);
  });

  it('answers undefined when the id stays unknown or the refresh fails', async () => {
    const catalog = { get: () => undefined, refresh: () => Promise.reject(new Error('offline')) };
    expect(await findModelOrRefresh(catalog, 'x/y')).toBeUndefined();
    expect(await findModelOrRefresh({ get: () => undefined }, 'x/y')).toBeUndefined();
  });
});

describe('unpricedModel', () => {
  it('without a budget: an unpriced model of the vendor its prefix names, or OpenRouter', () => {
    const prefixed = unpricedModel('openai/gpt-9', { budgetApplies: false });
    expect(prefixed).toMatchObject({ id: 'openai/gpt-9', provider: 'openai', pricing: undefined });
    expect(unpricedModel('mystery-model', { budgetApplies: false }).provider).toBe('openrouter');
  });

  it('keeps what the catalog knows of a model it lists without a price, never a zero price', () => {
    const known = { ...unpricedModel('openrouter/auto', { budgetApplies: false }), contextWindow: 2_000_000 };
    const model = unpricedModel('openrouter/auto', { budgetApplies: false, known });
    expect(model.contextWindow).toBe(2_000_000);
    expect(model.pricing).toBeUndefined();
  });

  it('with a budget: refused with a ModelNotPricedError naming model_overrides', () => {
    const refuse = () => unpricedModel('openai/gpt-9', { budgetApplies: true });
    expect(refuse).toThrow(ModelNotPricedError);
    expect(refuse).toThrow(/model_overrides/);
    expect(refuse).toThrow(/"openai\/gpt-9"/);
  });
});
