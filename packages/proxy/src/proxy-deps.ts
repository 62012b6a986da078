import type { LedgerRecord } from '@tokenwise/ledger';
import type {
  BudgetStore,
  Capability,
  LanguageModelV1,
  Message,
  ModelInfo,
  PicoUsd,
  RouteDecision,
  Strategy,
  Tier,
} from '@tokenwise/spec';
import type { FailedModels } from './failover/failed-models.js';

/** The catalog view the proxy needs (core's model registry satisfies it). */
export interface ProxyModelRegistry {
  models(): readonly ModelInfo[];
  get(id: string): ModelInfo | undefined;
}

/** Options the proxy passes to the router. */
export interface ProxyRouteOptions {
  strategy: Strategy;
  budget?: PicoUsd;
  capability?: Capability;
  budgetStrict?: boolean;
  maxOutputTokens?: number;
  exclude?: readonly string[];
  minTier?: Tier;
}

/** The router view the proxy needs (core's router satisfies it). Throws `NoRouteError` when nothing fits. */
export interface ProxyRouter {
  route(input: string | Message[], options: ProxyRouteOptions): RouteDecision;
}

/** A catalog id resolved to a callable model (core's provider resolver returns this). */
export interface ResolvedModel {
  model: LanguageModelV1;
  providerId: string;
  nativeModelId: string;
}

/** A held amount of a shared budget. */
export interface ProxyReservation {
  /** Replaces the hold with the actual cost. */
  settle(actual: PicoUsd): void;
  /** Gives the hold back (the call failed before costing anything). */
  release(): void;
}

/**
 * A process-wide budget, parent of every request budget (core's `createBudget` satisfies it). Reservations must
 * be atomic so concurrent requests can never together exceed it.
 */
export interface ProxyBudget {
  /** What can still be reserved; `undefined` when nothing limits it. */
  remaining(): PicoUsd | undefined;
  /** Holds `amount`, or returns `undefined` when it does not fit. */
  tryReserve(amount: PicoUsd): ProxyReservation | undefined;
}

/** Where the proxy reports what it cannot tell the client (ledger write failures, upstream errors). */
export interface ProxyLogger {
  info?(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The ledger view the proxy writes to: any `LedgerStore` of `@tokenwise/ledger` (memory, JSONL, …). */
export interface ProxyLedger {
  append(record: LedgerRecord): unknown;
}

/** Everything {@link createProxyApp} is composed from. The proxy reads no environment itself. */
export interface ProxyDeps {
  registry: ProxyModelRegistry;
  router: ProxyRouter;
  /** Resolves a catalog id to a callable model; throws `NoSuchProviderError` when no provider serves it. */
  resolve: (modelId: string) => ResolvedModel;
  ledger?: ProxyLedger;
  /** Strategy of `model: "auto"` (default `balanced`). */
  defaultStrategy?: Strategy;
  /** Ceiling of requests that name no budget; unlimited when absent. */
  defaultBudget?: PicoUsd;
  /** Parent of every request budget. */
  processBudget?: ProxyBudget;
  /** Accepted inbound keys (`Authorization: Bearer <key>`); the proxy is open when absent or empty. */
  apiKeys?: readonly string[];
  /** Largest request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** A budget that cannot pay for this many output tokens refuses the call (default 16). */
  minOutputTokens?: number;
  /** Output cap when neither the client nor the catalog gives one (default 4096). */
  defaultMaxOutputTokens?: number;
  /** Counts prompt tokens (default: core's `countPromptTokens` estimate; pass one with tokenizers for exact counts). */
  countPromptTokens?: (prompt: Message[]) => number;
  /** Counts output tokens of streamed text when the upstream never reported usage (default: core's estimate). */
  countTextTokens?: (text: string) => number;
  /**
   * Runs before every request, explicit models included (e.g. core's `assertRiskAcceptable` on the last user
   * message); throwing `RiskGateBlockedError` answers 422 without calling any model.
   */
  checkRequest?: (prompt: Message[]) => void;
  /** Suppression list of failing models (default: 5 minutes, 50 entries, on `clock`). */
  failedModels?: FailedModels;
  /** Failures in a row (retryable errors) before a model is suppressed; 402/403/404 suppress at once (default 3). */
  failureThreshold?: number;
  /** Whether an explicitly named model may fail over to another one (default false: the client asked for it). */
  explicitModelFailover?: boolean;
  /** Most models tried per request (default 4). */
  maxAttempts?: number;
  /**
   * Upper bound of the wait for a stream's first content, in ms (default 120 s). Non-streamed calls are bounded by
   * the provider's own request timeout.
   */
  upstreamTimeoutMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /** Request ids; random when absent. */
  generateId?: () => string;
  logger?: ProxyLogger;
  /** Reported by `/health`. */
  version?: string;
  /**
   * `TOKENWISE_ADMIN_KEY`: opens `/admin/api/*` and the `/ui` dashboard (they answer 403 without it). The
   * dashboard reads `ledger` when it can be read (a `LedgerStore`).
   */
  adminKey?: string;
  /** Budgets of keys, teams and the process, shown with their burn-down by the dashboard when given. */
  budgetStore?: BudgetStore;
  /** Serves `GET /metrics` from this registry when given (the apps pass a prom-client one). */
  metrics?: ProxyMetrics;
  /** `admin`: `/metrics` needs the admin key (`TOKENWISE_METRICS_AUTH=admin`); open by default. */
  metricsAuth?: 'admin' | 'none';
}

/** A metrics registry rendered in the Prometheus text format (prom-client's `Registry` fits). */
export interface ProxyMetrics {
  /** The response's content type, e.g. `text/plain; version=0.0.4; charset=utf-8`. */
  contentType: string;
  render(): Promise<string>;
}
