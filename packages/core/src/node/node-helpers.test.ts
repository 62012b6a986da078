import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRouterEntry } from '../registry/__fixtures__/sample-models.js';
import { createModelRegistry } from '../registry/create-model-registry.js';
import { createFileCatalogCache } from './create-file-catalog-cache.js';
import { defaultPaths } from './default-paths.js';
import { loadLocalModelsFile } from './load-local-models-file.js';
import { readConfigFile } from './read-config-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenwise-core-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createFileCatalogCache', () => {
  it('reads nothing before the first write, then round-trips an entry (creating folders)', async () => {
    const path = join(dir, 'nested', 'models.json');
    const cache = createFileCatalogCache(path);
    expect(await cache.read()).toBeUndefined();
    await cache.write({ fetchedAt: 123, body: { data: [openRouterEntry('acme/a')] } });
    expect(await cache.read()).toEqual({ fetchedAt: 123, body: { data: [openRouterEntry('acme/a')] } });
  });
  it('keeps the parsed models beside the raw entries, which stay one string until read', async () => {
    const path = join(dir, 'models.json');
    const cache = createFileCatalogCache(path);
    const models = createModelRegistry({ models: [] }).models(); // shape only: an empty list round-trips too
    const body = { data: [openRouterEntry('acme/a')] };
    await cache.write({ fetchedAt: 7, body, models, parser: 'p1' });
    const stored = JSON.parse(await readFile(path, 'utf8'));
    expect(typeof stored.bodyText).toBe('string');
    expect(stored).toMatchObject({ fetchedAt: 7, parser: 'p1', models: [] });
    const entry = await cache.read();
    expect(entry).toMatchObject({ fetchedAt: 7, parser: 'p1', models: [] });
    expect(entry!.body).toEqual(body);
    // A file written before the parsed models were kept still reads.
    await writeFile(path, JSON.stringify({ fetchedAt: 8, body }));
    expect(await cache.read()).toEqual({ fetchedAt: 8, body });
  });
  it('reads a corrupt file as no cache', async () => {
    const path = join(dir, 'models.json');
    await writeFile(path, '{"fetchedAt": 1, "body"');
    expect(await createFileCatalogCache(path).read()).toBeUndefined();
    await writeFile(path, '{"body": {}}');
    expect(await createFileCatalogCache(path).read()).toBeUndefined();
  });
  it('lets a registry start from a fresh file cache written by an earlier refresh', async () => {
    const path = join(dir, 'models.json');
    const fetch = (async () =>
      Response.json({ data: [openRouterEntry('acme/live')] })) as typeof globalThis.fetch;
    await createModelRegistry({ fetch, cache: createFileCatalogCache(path), now: () => 1_000 }).refresh({
      acceptSmaller: true,
    });
    expect(JSON.parse(await readFile(path, 'utf8')).fetchedAt).toBe(1_000);
    const next = createModelRegistry({ cache: createFileCatalogCache(path), now: () => 2_000 });
    await next.ready();
    expect(next.source).toBe('cache');
    expect(next.models().map((m) => m.id)).toEqual(['acme/live']);
  });
});

describe('readConfigFile and loadLocalModelsFile', () => {
  it('returns undefined for a missing config file and the text otherwise', async () => {
    expect(await readConfigFile(join(dir, 'missing.yaml'))).toBeUndefined();
    await writeFile(join(dir, 'config.yaml'), 'default_budget: 0.5\n');
    expect(await readConfigFile(join(dir, 'config.yaml'))).toBe('default_budget: 0.5\n');
    await expect(readConfigFile(dir)).rejects.toThrow();
  });
  it('loads a local models file and names it in errors', async () => {
    const path = join(dir, 'models.yaml');
    await writeFile(path, 'models:\n  - id: test/model-a\n    input_price: 1\n    output_price: 2\n');
    expect((await loadLocalModelsFile(path)).map((m) => m.id)).toEqual(['test/model-a']);
    await writeFile(path, 'nothing: here\n');
    await expect(loadLocalModelsFile(path)).rejects.toThrow(`expected a 'models' key in ${path}`);
    await expect(loadLocalModelsFile(join(dir, 'none.yaml'))).rejects.toSatisfy(
      (error) =>
        InvalidArgumentError.isInstance(error) &&
        /ENOENT.*TOKENWISE_LOCAL_MODELS/.test((error as Error).message),
    );
  });
  it('computes XDG-aware default paths', () => {
    expect(defaultPaths({ XDG_CONFIG_HOME: '/x/config', XDG_CACHE_HOME: '/x/cache' })).toEqual({
      configFile: '/x/config/tokenwise/config.yaml',
      catalogCache: '/x/cache/tokenwise/models.json',
      ledger: '/x/config/tokenwise/ledger.jsonl',
    });
    expect(defaultPaths({}).configFile).toMatch(/\.config\/tokenwise\/config\.yaml$/);
  });
});
