import { describe, expect, it } from 'vitest';
import { OpenAIHttpError } from '../errors/openai-http-error.js';
import { createCatalogMissRefresh, outsideCatalogModel } from './outside-catalog.js';

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

describe('outsideCatalogModel', () => {
  it('forwards an unknown id to the vendor of its prefix, or OpenRouter, when no budget applies', () => {
    expect(outsideCatalogModel('openai/gpt-9', { request: undefined, process: false }).provider).toBe(
      'openai',
    );
    expect(outsideCatalogModel('mystery-model', { request: undefined, process: false }).provider).toBe(
      'openrouter',
    );
  });

  it('refuses under a request, default or process budget, naming model_overrides', () => {
    for (const budgets of [
      { request: 5n, process: false },
      { request: undefined, process: true },
    ]) {
      const error = (() => {
        try {
          outsideCatalogModel('openai/gpt-9', budgets);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(OpenAIHttpError);
      expect((error as OpenAIHttpError).status).toBe(400);
      expect((error as Error).message).toContain('model_overrides');
    }
  });
});
