import {
  type CallEngine,
  countCallInputTokens,
  countToolTokens,
  createCallEngine,
  createCatalogMissRefresh,
  createModelHealth,
  type InputTokenCounter,
  noRetry,
  resolveModelName,
  UNPRICED_ASSUMED_PRICING,
  unpricedModel,
} from '@tokenwise/core';
import {
  type CallRecord,
  type ModelInfo,
  type PicoUsd,
  type Strategy,
  toDecimalString,
} from '@tokenwise/spec';
import { createLedgerWriter, type LedgerWriter } from '../ledger/create-ledger-writer.js';
import type { ReadJsonBodyOptions } from '../middleware/read-json-body.js';
import type { ProxyDeps, ProxyLogger } from '../proxy-deps.js';
import { VIRTUAL_MODEL_PREFIX } from './request-selection.js';
import { createRequestTracing, type RequestTracing } from './request-tracing.js';

/** Everything a request needs, built once per app from its deps (never per request) (internal). */
export interface ProxyRuntime {
  engine: CallEngine;
  registry: ProxyDeps['registry'];
  router: ProxyDeps['router'];
  processBudget: ProxyDeps['processBudget'];
  defaultStrategy: Strategy;
  defaultBudget: ProxyDeps['defaultBudget'];
  /** A client's model name as the registry and router understand it (aliases, vendor-native ids). */
  resolveModelName(name: string): string;
  explicitModelFailover: boolean;
  checkRequest: ProxyDeps['checkRequest'];
  /** Silence in ms after which a Messages stream sends a `ping` (0 = none). */
  messagesPingIntervalMs: number;
  /** Body limits every door reads its request with. */
  bodyLimits: ReadJsonBodyOptions;
  clock: () => number;
  generateId: () => string;
  ledger: LedgerWriter;
  logger: ProxyLogger;
  /** Writes a record to the ledger and hands it to the observers (metrics). */
  record(record: CallRecord): void;
  /** Starts a request's trace span; returns nothing when tracing is off. */
  tracing: RequestTracing;
  /** Catalog ids that cannot take tools (empty for requests without tools). */
  toolless(hasTools: boolean): readonly string[];
  /**
   * Refreshes the live catalog when a client names an id it does not know (rate-limited), so new models work
   * without a restart; resolves at once when the registry cannot refresh or the id is known or virtual.
   */
  refreshOnMiss(modelName: string | undefined): Promise<void>;
  /**
   * A model without a known price (outside the catalog, or listed without one): forwarded unpriced when no
   * budget applies, refused otherwise (core's `unpricedModel`, the rule every door and the CLI share).
   */
  outsideCatalog(id: string, budget: PicoUsd | undefined, known?: ModelInfo): ModelInfo;
  /** The engine's input counter (Anthropic's `count_tokens` answers with it). */
  countInputTokens: InputTokenCounter;
  /** Virtual keys: when set, every door authenticates its requests with it. */
  keyStore: ProxyDeps['keyStore'];
  /** Where the scopes of virtual keys and teams are reserved on (with `keyStore`). */
  budgetStore: ProxyDeps['budgetStore'];
  /** Lease of a reservation on `budgetStore`. */
  leaseMs: number | undefined;
}

/** Anthropic's own streams ping about every 10–15 s; a silent upstream gets the same from us. */
const DEFAULT_MESSAGES_PING_INTERVAL_MS = 10_000;

/**
 * Request ids: 24 hex characters, a random per-app prefix plus a counter — unique per app, distinct across
 * restarts, and cheaper than a UUID per request.
 */
function createRequestIds(): () => string {
  const prefix = [...crypto.getRandomValues(new Uint8Array(6))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  let counter = 0;
  return () => prefix + (counter++).toString(16).padStart(12, '0');
}

/**
 * Models whose catalog entry lists request parameters without `tools`: a routed request with tools must not land
 * there. Computed once per catalog version (the registry hands out a new list on refresh).
 */
function createToollessList(registry: ProxyDeps['registry']): (hasTools: boolean) => readonly string[] {
  let source: readonly ModelInfo[] | undefined;
  let ids: readonly string[] = [];
  const none: readonly string[] = [];
  return (hasTools) => {
    if (!hasTools) return none;
    const models = registry.models();
    if (models !== source) {
      source = models;
      ids = models
        .filter((m) => m.supportedParameters.length > 0 && !m.supportedParameters.includes('tools'))
        .map((m) => m.id);
    }
    return ids;
  };
}

/**
 * Client model names → names the registry and router understand: an operator alias wins, an id the catalog
 * knows as sent stays, anything else goes through core's `resolveModelName` (vendor-native ids).
 */
function createModelNameResolver(deps: ProxyDeps): (name: string) => string {
  const aliases = deps.modelAliases ?? {};
  return (name) => {
    if (!Object.hasOwn(aliases, name) && deps.registry.get(name) !== undefined) return name;
    return resolveModelName(name, aliases).id;
  };
}

/** The runtime's `refreshOnMiss`: one shared, rate-limited refresh when the registry has `refresh()` (internal). */
function createRefreshOnMiss(
  deps: ProxyDeps,
  clock: () => number,
  resolveName: (name: string) => string,
): (modelName: string | undefined) => Promise<void> {
  const registry = deps.registry;
  if (typeof registry.refresh !== 'function') return () => Promise.resolve();
  // A client waits for this refresh: bounded well below the catalog fetch's own timeout.
  const refresh = createCatalogMissRefresh(
    () => registry.refresh?.({ signal: AbortSignal.timeout(5_000) }) ?? Promise.resolve(),
    { clock },
  );
  return (modelName) => {
    if (modelName === undefined) return Promise.resolve();
    const id = resolveName(modelName);
    if (id === 'auto' || id.startsWith(VIRTUAL_MODEL_PREFIX) || registry.get(id) !== undefined) {
      return Promise.resolve();
    }
    return refresh();
  };
}

/** Builds the runtime: the app's one call engine, wired to the ledger and the observers (internal). */
export function createProxyRuntime(deps: ProxyDeps, logger: ProxyLogger): ProxyRuntime {
  const clock = deps.clock ?? Date.now;
  const resolveModelName = createModelNameResolver(deps);
  const ledger = createLedgerWriter(deps.ledger, logger);
  const observers = deps.onRecord;
  const record = (entry: CallRecord) => {
    // A refusal before sending is not a call: the ledger keeps calls (and the request record says why it was
    // refused); observers still see it (metrics count refusals).
    if (entry.called !== false) ledger.write(entry);
    if (observers) {
      try {
        observers(entry);
      } catch {
        // An observer (metrics) must never break a request or its accounting.
      }
    }
  };
  const countPrompt = deps.countPromptTokens;
  const countInputTokens: InputTokenCounter | undefined =
    deps.countInputTokens ??
    (countPrompt === undefined
      ? undefined
      : (call, context) => countPrompt(call.prompt) + countToolTokens(call, context));
  const engine = createCallEngine({
    resolve: (modelId) => {
      const resolved = deps.resolve(modelId);
      return { model: resolved.model, providerId: resolved.providerId };
    },
    onRecord: record,
    // Amounts in USD as decimal strings, like the request lines' `cost`; `outcome` is `cut` when the output
    // guard stopped a stream, `ok` when a usage report claimed more than was held.
    onOverrun: (attempt) =>
      logger.warn('Upstream billed more than its reservation.', {
        requestId: attempt.requestId,
        model: attempt.modelId,
        outcome: attempt.outcome,
        reserved: attempt.reserved === undefined ? undefined : toDecimalString(attempt.reserved),
        cost: toDecimalString(attempt.cost),
        overrun: toDecimalString(attempt.overrun ?? 0n),
      }),
    onLeaseExpired: (event) =>
      logger.warn(
        'A reservation lease lapsed before the attempt ended: another replica settled it at its worst case.',
        {
          requestId: event.requestId,
          model: event.modelId,
          reservation: event.reservationId,
          reserved: event.reserved.toString(),
        },
      ),
    source: 'proxy',
    ...(deps.minOutputTokens === undefined ? {} : { minOutputTokens: deps.minOutputTokens }),
    ...(deps.defaultMaxOutputTokens === undefined
      ? {}
      : { defaultMaxOutputTokens: deps.defaultMaxOutputTokens }),
    ...(countInputTokens === undefined ? {} : { countInputTokens }),
    ...(deps.countTextTokens === undefined ? {} : { countOutputTokens: deps.countTextTokens }),
    // A gateway fails over at once rather than sleeping on the same model; `retry` opts into backoff.
    retry: deps.retry ?? noRetry(),
    health: deps.health ?? createModelHealth({ now: clock, strikes: deps.failureThreshold ?? 3 }),
    ...(deps.escalationPolicy === undefined ? {} : { escalationPolicy: deps.escalationPolicy }),
    maxModels: deps.maxAttempts ?? 4,
    // Only models that passed the unpriced rule (no budget applies) get here without a price; routing never
    // picks one.
    assumedPricing: UNPRICED_ASSUMED_PRICING,
    attemptTimeoutMs: deps.upstreamTimeoutMs ?? 120_000,
    now: clock,
  });
  return {
    engine,
    registry: deps.registry,
    router: deps.router,
    processBudget: deps.processBudget,
    defaultStrategy: deps.defaultStrategy ?? 'balanced',
    defaultBudget: deps.defaultBudget,
    resolveModelName,
    explicitModelFailover: deps.explicitModelFailover ?? false,
    checkRequest: deps.checkRequest,
    messagesPingIntervalMs: deps.messagesPingIntervalMs ?? DEFAULT_MESSAGES_PING_INTERVAL_MS,
    bodyLimits: {
      ...(deps.maxBodyBytes === undefined ? {} : { maxBytes: deps.maxBodyBytes }),
      ...(deps.maxJsonDepth === undefined ? {} : { maxDepth: deps.maxJsonDepth }),
    },
    clock,
    generateId: deps.generateId ?? createRequestIds(),
    ledger,
    logger,
    record,
    toolless: createToollessList(deps.registry),
    countInputTokens: countInputTokens ?? countCallInputTokens,
    refreshOnMiss: createRefreshOnMiss(deps, clock, resolveModelName),
    outsideCatalog: (id, budget, known) =>
      unpricedModel(id, {
        budgetApplies: budget !== undefined || deps.processBudget !== undefined,
        ...(known === undefined ? {} : { known }),
      }),
    keyStore: deps.keyStore,
    budgetStore: deps.budgetStore,
    leaseMs: deps.reservationLeaseMs,
    tracing: createRequestTracing(deps.tracerProvider, deps.version ?? '0.1.0'),
  };
}
