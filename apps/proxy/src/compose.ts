import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  assertRiskAcceptable,
  createModelRegistry,
  createProviderResolver,
  createRouter,
} from '@tokenwise/core';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { createGoogle } from '@tokenwise/providers-google';
import { createOpenAI } from '@tokenwise/providers-openai';
import { createOpenRouter } from '@tokenwise/providers-openrouter';
import { createProxyApp, type ProxyApp, type ProxyLogger } from '@tokenwise/proxy';
import type { Message, ProviderV1 } from '@tokenwise/spec';
import type { ProxyEnv } from './env.js';
import { toLedgerRecord } from './to-ledger-record.js';

/** The composed proxy, ready to serve. */
export interface ComposedProxy {
  app: ProxyApp;
  /** Waits for in-flight ledger writes and closes the ledger file. */
  close(): Promise<void>;
  /** One line for the startup log: providers, catalog, ledger. Never contains a key. */
  describe(): string;
}

/** Options of {@link composeProxy} (tests inject `fetch` to reach mock upstreams). */
export interface ComposeOptions {
  fetch?: typeof globalThis.fetch;
  logger?: ProxyLogger;
  /** Skip the background live catalog refresh (tests, offline). */
  offline?: boolean;
}

/**
 * Builds everything the proxy needs from the environment: providers (direct ones only when their key is set;
 * OpenRouter always, as the fallback path), the registry (bundled catalog at once, live refresh in the
 * background), the router, the resolver and the JSONL ledger. The only place that knows concrete providers.
 */
export function composeProxy(env: ProxyEnv, options: ComposeOptions = {}): ComposedProxy {
  const fetch = options.fetch;
  const logger: ProxyLogger = options.logger ?? {
    info: (message, fields) => console.log(message, fields ?? ''),
    warn: (message, fields) => console.warn(message, fields ?? ''),
    error: (message, fields) => console.error(message, fields ?? ''),
  };
  const { openai, anthropic, google, openrouter } = env.providers;
  const settings = (p: { apiKey: string | undefined; baseURL: string | undefined }) => ({
    ...(p.apiKey === undefined ? {} : { apiKey: p.apiKey }),
    ...(p.baseURL === undefined ? {} : { baseURL: p.baseURL }),
    ...(fetch === undefined ? {} : { fetch }),
  });
  // A registered direct vendor takes all its models, so it is registered only when its key is set.
  const providers: Record<string, ProviderV1> = {
    ...(openai.apiKey ? { openai: createOpenAI(settings(openai)) } : {}),
    ...(anthropic.apiKey ? { anthropic: createAnthropic(settings(anthropic)) } : {}),
    ...(google.apiKey ? { google: createGoogle(settings(google)) } : {}),
    openrouter: createOpenRouter(settings(openrouter)),
  };

  const localModelsPath = env.localModelsPath;
  const registry = createModelRegistry({
    ...(localModelsPath === undefined
      ? {}
      : { localModelsYaml: readFileSync(localModelsPath, 'utf8'), localModelsPath }),
    ...(openrouter.baseURL === undefined ? {} : { baseURL: openrouter.baseURL }),
    ...(openrouter.apiKey === undefined ? {} : { apiKey: openrouter.apiKey }),
    ...(fetch === undefined ? {} : { fetch }),
    onWarning: (message) => logger.warn(message),
  });
  if (!options.offline && localModelsPath === undefined) {
    // Requests are served from the bundled catalog meanwhile; a failed refresh keeps it (one warning).
    void registry.refresh();
  }
  const riskGate = {
    enabled: env.riskGate.enabled,
    irreversibleBlock: env.riskGate.irreversibleBlock,
    ...(env.riskGate.ambiguityThreshold === undefined
      ? {}
      : { ambiguityThreshold: env.riskGate.ambiguityThreshold }),
  };
  const router = createRouter({ models: registry, defaultStrategy: env.defaultStrategy });
  const resolver = createProviderResolver({ providers, registry });
  const ledgerPath = env.ledgerPath ?? join(homedir(), '.config', 'tokenwise', 'ledger.jsonl');
  const store = createJsonlLedgerStore({ path: ledgerPath });

  const app = createProxyApp({
    registry,
    router,
    resolve: (modelId) => resolver.resolve(modelId),
    ledger: { append: (record) => store.append(toLedgerRecord(record)) },
    defaultStrategy: env.defaultStrategy,
    defaultBudget: env.defaultBudget,
    apiKeys: env.keys,
    maxBodyBytes: env.maxBodyBytes,
    minOutputTokens: env.minOutputTokens,
    ...(riskGate.enabled
      ? { checkRequest: (prompt: Message[]) => assertRiskAcceptable(lastUserText(prompt), riskGate) }
      : {}),
    logger,
  });
  return {
    app,
    async close() {
      await app.flushLedger();
      await store.close?.();
    },
    describe: () =>
      `providers: ${Object.keys(providers).join(', ')}; catalog: ${registry.source}, ${registry.models().length} models; ledger: ${ledgerPath}; auth: ${env.keys.length > 0 ? 'on' : 'off'}`,
  };
}

function lastUserText(prompt: readonly Message[]): string {
  for (let index = prompt.length - 1; index >= 0; index--) {
    const message = prompt[index]!;
    if (message.role === 'user') {
      return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    }
  }
  return '';
}
