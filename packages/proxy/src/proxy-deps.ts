import type { TracerProvider } from '@opentelemetry/api';
import type {
  Budget,
  CandidateRouter,
  EscalationPolicy,
  InputTokenCounter,
  ModelHealth,
  RetryPolicy,
} from '@tokenwise/core';
import type {
  BudgetStore,
  CallRecord,
  KeyStore,
  LanguageModelV1,
  Message,
  ModelInfo,
  PicoUsd,
  Strategy,
} from '@tokenwise/spec';

/** The catalog view the proxy needs (core's model registry satisfies it). */
export interface ProxyModelRegistry {
  models(): readonly ModelInfo[];
  get(id: string): ModelInfo | undefined;
  /**
   * Reloads the live catalog (core's registry has it). When present, an id the catalog does not know triggers
   * one refresh (at most once a minute) before the proxy decides it is outside the catalog.
   */
  refresh?(options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** The router view the proxy needs (core's router satisfies it). Throws `NoRouteError` when nothing fits. */
export type ProxyRouter = CandidateRouter;

/** Options the proxy passes to the router. */
export type ProxyRouteOptions = Parameters<CandidateRouter['route']>[1];

/** A catalog id resolved to a callable model (core's provider resolver returns this). */
export interface ResolvedModel {
  model: LanguageModelV1;
  providerId: string;
  nativeModelId: string;
}

/** Where the proxy reports what it cannot tell the client (ledger write failures, upstream errors). */
export interface ProxyLogger {
  info?(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The ledger view the proxy writes to: any `LedgerStore` (memory, JSONL, PostgreSQL…). */
export interface ProxyLedger {
  append(record: CallRecord): unknown;
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
  /**
   * `model_aliases`: a client's model name → a catalog id, `auto` or `tokenwise/<strategy>`, in every door (e.g. a
   * tool's background model → `tokenwise/cheapest`). Vendor-native ids (`claude-sonnet-4-5-20250929`) map anyway.
   */
  modelAliases?: Readonly<Record<string, string>>;
  /** Parent of every request budget (core's `createBudget({ limit, label: 'process' })`). */
  processBudget?: Budget;
  /** Accepted inbound keys (`Authorization: Bearer <key>`); the proxy is open when absent or empty. */
  apiKeys?: readonly string[];
  /** Largest request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Deepest JSON nesting of a request body (default 100); deeper bodies get 400 `json_too_deep`. */
  maxJsonDepth?: number;
  /**
   * Web origins allowed to call the proxy from a browser (`https://app.example.com`, or `*` for any). Requests
   * with any other `Origin` header get 403; allowed ones get CORS headers and preflight answers. Default none.
   */
  corsOrigins?: readonly string[];
  /**
   * Set when the server listens on a loopback address: a `Host` that is not `localhost`, `127.x.y.z` or `[::1]`
   * gets 403 (DNS-rebinding defence). Default false.
   */
  loopbackOnly?: boolean;
  /** A budget that cannot pay for this many output tokens refuses the call (default 100, core's one default). */
  minOutputTokens?: number;
  /** Output reserved for a request without max_tokens (default 4,096, capped by the model's own limit). */
  defaultMaxOutputTokens?: number;
  /** Counts every billed input token of a call: messages, tools, schemas (default: core's high estimate). */
  countInputTokens?: InputTokenCounter;
  /**
   * Runs before each `/v1/*` request; a returned promise is awaited first (e.g. tokenizer tables that load on
   * the first request instead of at start-up, see core's `createLazyTokenizer`). Return `undefined` once ready,
   * so later requests do not wait on a promise.
   */
  prepare?: () => Promise<void> | undefined;
  /** Counts prompt tokens; tool definitions are added to its count. Ignored when `countInputTokens` is set. */
  countPromptTokens?: (prompt: Message[]) => number;
  /** Counts output tokens of streamed text when the upstream never reported usage (default: core's estimate). */
  countTextTokens?: (text: string) => number;
  /**
   * Runs before every request, explicit models included (e.g. core's `assertRiskAcceptable` on the last user
   * message); throwing `RiskGateBlockedError` answers 422 without calling any model.
   */
  checkRequest?: (prompt: Message[]) => void;
  /** Suppression of failing models shared by requests (default: 5 minutes, 50 entries, on `clock`). */
  health?: ModelHealth;
  /** Failures in a row (retryable errors) before a model is suppressed; 402/403/404 suppress at once (default 3). */
  failureThreshold?: number;
  /** Whether an explicitly named model may fail over to another one (default false: the client asked for it). */
  explicitModelFailover?: boolean;
  /** Most models tried per request (default 4). */
  maxAttempts?: number;
  /** Same-model retries before failing over (default none: a gateway fails over at once). */
  retry?: RetryPolicy;
  /** `TOKENWISE_ESCALATION_POLICY` for failover: `flexible` (default) or `monotonic`. Never downward. */
  escalationPolicy?: EscalationPolicy;
  /**
   * Per-attempt limit in ms: a non-streamed answer, or a stream's first content (default 120 s). A timed-out
   * attempt fails over and is recorded as `timeout`.
   */
  upstreamTimeoutMs?: number;
  /**
   * Anthropic Messages streams: after the `ping` that follows `message_start`, another `ping` whenever the
   * upstream has been silent this long (default 10 000 ms; 0 = none), so clients and load balancers with idle
   * timeouts keep a stream open through long thinking.
   */
  messagesPingIntervalMs?: number;
  /** Receives every ledger record (attempts and requests) as it is written: metrics, logs. Must not throw. */
  onRecord?: (record: CallRecord) => void;
  /**
   * Where request and attempt spans go (OpenTelemetry). Default: the globally registered provider, so an app that
   * registers an SDK gets traces; with none registered, tracing costs nothing.
   */
  tracerProvider?: TracerProvider;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /** Request ids; random when absent. */
  generateId?: () => string;
  logger?: ProxyLogger;
  /**
   * Virtual keys and teams. When set, every door authenticates each request's key with it (`apiKeys` is then
   * ignored) and reserves on the key's and team's scopes in `budgetStore`; with `budgetStore`, mounts the admin
   * API under `/admin/`.
   */
  keyStore?: KeyStore;
  /**
   * Lease of a reservation on `budgetStore` in ms (core's default 10 min): a replica that dies mid-call has its
   * reservations settled at their worst case once the lease lapses.
   */
  reservationLeaseMs?: number;
  /** Reported by `/health`. */
  version?: string;
  /**
   * `TOKENWISE_ADMIN_KEY`: opens the admin API (`/admin/*`) and the `/ui` dashboard (they answer 403 without
   * it). The dashboard reads `ledger` when it can be read (a `LedgerStore`).
   */
  adminKey?: string;
  /**
   * Where key, team and process budgets live: shown by the admin API and, with their burn-down, by the dashboard.
   */
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
