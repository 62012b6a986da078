import type { PicoUsd, Strategy } from '@tokenwise/spec';
import type { ModelOverride } from '../registry/apply-model-overrides.js';

/** Escalation after a failed step: `flexible` allows same-tier retries, `monotonic` only moves up. */
export type EscalationPolicy = 'flexible' | 'monotonic';

/** How much a routing trace records. */
export type TraceLevel = 'basic' | 'verbose';

/** Lowest level of the request and start-up log lines that is written (`silent` writes none). */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** The log levels, lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The settings of TokenWise, typed and frozen. Secrets are kept: print it with `describeConfig`. */
export interface TokenwiseConfig {
  openrouterApiKey: string | undefined;
  openaiApiKey: string | undefined;
  anthropicApiKey: string | undefined;
  googleApiKey: string | undefined;
  openrouterBaseURL: string;
  /** `undefined` → the provider's default. */
  openaiBaseURL: string | undefined;
  anthropicBaseURL: string | undefined;
  googleBaseURL: string | undefined;
  defaultStrategy: Strategy;
  defaultBudget: PicoUsd;
  plannerModel: string;
  proxyHost: string;
  proxyPort: number;
  /** Keys clients must present to the proxy; empty = no client authentication. */
  proxyKeys: readonly string[];
  /** Largest request body the proxy accepts, in bytes (larger ones get 413). */
  proxyMaxBodyBytes: number;
  /**
   * Web origins allowed to call the proxy from a browser (`https://app.example.com`, `*` for any); requests with
   * any other `Origin` get 403. Empty (the default) refuses every browser origin.
   */
  proxyCorsOrigins: readonly string[];
  /** A ceiling on everything one proxy process spends until it restarts; `undefined` = none. */
  proxyProcessBudget: PicoUsd | undefined;
  /** Whether a model the client named explicitly may fail over to another one (default: it may not). */
  proxyExplicitFailover: boolean;
  /**
   * Seconds a stopping proxy lets in-flight requests finish (after SIGTERM/SIGINT) before it aborts them through
   * the engine, settles their reservations and flushes the ledger (default 10).
   */
  proxyDrainSeconds: number;
  /** Key of the admin API and the `/ui` dashboard; both answer 403 while it is unset. */
  adminKey: string | undefined;
  /** Serve `/metrics` on this port instead of the proxy's own; `undefined` = on the proxy's port. */
  metricsPort: number | undefined;
  /** `admin`: `/metrics` needs the admin key; `none` (default): open, as Prometheus scrapers expect. */
  metricsAuth: 'none' | 'admin';
  /** Level of the structured log lines (default `info`). */
  logLevel: LogLevel;
  /** Seconds a cached catalog stays fresh. */
  cacheTtlSeconds: number;
  /** A local models YAML file that replaces the catalog. */
  localModelsFile: string | undefined;
  /** `undefined` → `~/.config/tokenwise/ledger.jsonl` (resolved by `@tokenwise/core/node`). */
  ledgerPath: string | undefined;
  /**
   * `postgres://…`: budgets, keys, teams and the ledger on PostgreSQL (`@tokenwise/store-postgres`), shared by
   * replicas. `undefined` → the embedded default (memory budgets, JSONL ledger, no persistent keys). A secret:
   * print it with `describeConfig`, which hides the password.
   */
  databaseUrl: string | undefined;
  /** PostgreSQL schema of the stores (default `tokenwise`): several deployments can share one database. */
  databaseSchema: string;
  minOutputTokens: number;
  /**
   * Output reserved for a call whose caller set no max_tokens (default 4,096), capped by the model's own limit.
   * Reserving a model's whole output limit instead would let a few concurrent calls hold a budget they never spend.
   */
  defaultMaxOutputTokens: number;
  escalationPolicy: EscalationPolicy;
  traceLevel: TraceLevel;
  riskGate: Readonly<{ enabled: boolean; irreversibleBlock: boolean; ambiguityThreshold: number }>;
  modelOverrides: Readonly<Record<string, ModelOverride>>;
  /** Client model name → catalog id, `auto` or `tokenwise/<strategy>` (see `resolveModelName`). */
  modelAliases: Readonly<Record<string, string>>;
  /** The config file that was read, if any. */
  configFile: string | undefined;
  /** Unknown keys of the config file (ignored, reported so typos are visible). */
  warnings: readonly string[];
}
