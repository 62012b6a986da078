import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  createModelRegistry,
  createProviderResolver,
  loadConfig,
  type ModelRegistry,
  type TokenwiseConfig,
} from '@tokenwise/core';
import { createFileCatalogCache, defaultPaths, loadLocalModelsFile } from '@tokenwise/core/node';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { createGoogle } from '@tokenwise/providers-google';
import { createOpenAI } from '@tokenwise/providers-openai';
import { createOpenRouter } from '@tokenwise/providers-openrouter';
import type { ProviderV1 } from '@tokenwise/spec';
import type { BenchDeps, BenchIo } from './bench-deps.js';

/** Options of {@link composeBenchDeps}. */
export interface ComposeBenchOptions {
  /** Environment variables (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Text and path of the config file, when one exists. */
  configFile?: { text: string; path: string };
  io: BenchIo;
  /** Injected fetch for every provider and the catalog (tests reach mock upstreams with it). */
  fetch?: typeof globalThis.fetch;
}

/**
 * Builds the bench's dependencies from the environment and config file, like the other apps: direct providers
 * only for vendors whose key is set (a registered vendor takes all its models), OpenRouter for the rest; the
 * registry (local models file, else the cached or bundled catalog); the JSONL ledger
 * (`TOKENWISE_LEDGER_PATH`, default `~/.config/tokenwise/ledger.jsonl`). The only place that knows concrete
 * providers.
 */
export function composeBenchDeps(options: ComposeBenchOptions): BenchDeps {
  const env = options.env ?? process.env;
  const config: TokenwiseConfig = loadConfig({
    env,
    ...(options.configFile === undefined
      ? {}
      : { fileText: options.configFile.text, filePath: options.configFile.path }),
  });
  for (const warning of config.warnings) options.io.stderr(`${warning}\n`);
  const fetch = options.fetch;
  const settings = (apiKey: string | undefined, baseURL: string | undefined) => ({
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(baseURL === undefined ? {} : { baseURL }),
    ...(fetch === undefined ? {} : { fetch }),
  });
  const providers: Record<string, ProviderV1> = {
    ...(config.openaiApiKey
      ? { openai: createOpenAI(settings(config.openaiApiKey, config.openaiBaseURL)) }
      : {}),
    ...(config.anthropicApiKey
      ? { anthropic: createAnthropic(settings(config.anthropicApiKey, config.anthropicBaseURL)) }
      : {}),
    ...(config.googleApiKey
      ? { google: createGoogle(settings(config.googleApiKey, config.googleBaseURL)) }
      : {}),
    openrouter: createOpenRouter(settings(config.openrouterApiKey, config.openrouterBaseURL)),
  };
  const paths = defaultPaths(env);
  let registry: Promise<ModelRegistry> | undefined;
  let resolver: ReturnType<typeof createProviderResolver> | undefined;

  const loadRegistry = (refresh: boolean): Promise<ModelRegistry> => {
    registry ??= (async () => {
      const local = config.localModelsFile;
      const created = createModelRegistry({
        ...(local === undefined ? {} : { models: await loadLocalModelsFile(local) }),
        baseURL: config.openrouterBaseURL,
        ...(config.openrouterApiKey === undefined ? {} : { apiKey: config.openrouterApiKey }),
        ...(fetch === undefined ? {} : { fetch }),
        ...(local === undefined ? { cache: createFileCatalogCache(paths.catalogCache) } : {}),
        ttlSeconds: config.cacheTtlSeconds,
        overrides: config.modelOverrides,
        onWarning: (message) => options.io.stderr(`${message}\n`),
      });
      await created.ready();
      if (refresh && local === undefined) {
        // asked for explicitly: a small endpoint is taken (the registry warns, naming the cache file)
        const outcome = await created.refresh({ acceptSmaller: true });
        if (!outcome.ok)
          options.io.stderr('Could not load the live catalog; using the cached or bundled one.\n');
      }
      resolver = createProviderResolver({ providers, registry: created });
      return created;
    })();
    return registry;
  };

  return {
    io: options.io,
    minOutputTokens: config.minOutputTokens,
    async loadModels(load) {
      const loaded = registry !== undefined;
      const ready = await loadRegistry(load?.refresh === true);
      // A refresh asked for after the first load (a model id the catalog missed) loads the live catalog now.
      if (loaded && load?.refresh === true && config.localModelsFile === undefined) {
        const outcome = await ready.refresh({ acceptSmaller: true });
        if (!outcome.ok)
          options.io.stderr('Could not load the live catalog; using the cached or bundled one.\n');
      }
      return ready.models();
    },
    languageModel(modelId) {
      // loadModels() always runs before any call; the fallback resolver serves direct use of the deps
      resolver ??= createProviderResolver({ providers });
      return resolver.resolve(modelId).model;
    },
    async openLedger() {
      const path = config.ledgerPath ?? paths.ledger;
      return { store: createJsonlLedgerStore({ path }), location: path };
    },
    readTextFile: (path) => readFile(path, 'utf8'),
    async writeTextFile(path, text) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, 'utf8');
    },
  };
}
