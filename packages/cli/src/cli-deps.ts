import type { CatalogSource, ModelRegistry, TokenwiseConfig } from '@tokenwise/core';
import type { LedgerStore } from '@tokenwise/ledger';
import type { BudgetStore, KeyStore } from '@tokenwise/spec';
import type { CommandDef } from 'citty';
import type { PlanService } from './plan/plan-service.js';

/**
 * Where the CLI writes and what it knows about its terminal. The app fills it from `process`; tests capture it.
 * Nothing in the command tree touches `process` directly, so commands run the same in tests and in the binary.
 */
export interface CliIo {
  /** Writes to standard output (the result: a report, a table or one JSON document). */
  stdout(text: string): void;
  /** Writes to standard error (progress, warnings, errors). */
  stderr(text: string): void;
  /** Standard output is a terminal: tables instead of tab-separated lines. */
  stdoutIsTTY: boolean;
  /** Standard error is a terminal: an animated progress line instead of one line per event. */
  stderrIsTTY: boolean;
  /** Colour escapes are allowed (a terminal, and `NO_COLOR` unset). */
  color: boolean;
  /** Show stack traces of failures (`--verbose` also does, per command). */
  debug: boolean;
  /** Aborted on Ctrl-C: long commands stop cleanly (a plan still saves its record, a server drains). */
  signal: AbortSignal;
  /** Terminal width for tables (default 100). */
  columns?: number;
}

/** A ledger store and where it lives, for messages. */
export interface OpenedLedger {
  store: LedgerStore;
  /** The file path (or a description of a non-file store). */
  location: string;
}

/** The key store (and the budget store of key and team budgets) the `keys` and `teams` commands work on. */
export interface OpenedKeyStore {
  keyStore: KeyStore;
  budgetStore: BudgetStore;
  /** Where it lives, for messages (a database URL with its password hidden). */
  location: string;
  /** Closes connections; called when the command ends. */
  close(): Promise<void>;
}

/** A running proxy server started by `tokenwise serve`. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8000` */
  url: string;
  /** Stops accepting connections, drains in-flight requests and flushes the ledger. */
  close(): Promise<void>;
  /** One line describing providers, catalog and ledger (never a key). */
  describe?(): string;
}

/** Which catalog answered a command (`--verbose` and `--json` of `route`, `plan`, `models`). */
export interface CatalogStatus {
  source: CatalogSource;
  /** When that catalog was fetched (epoch ms); for a local models file, when it was loaded. */
  fetchedAt: number;
  /** Models in it. */
  models: number;
  /** The cache file (source `cache`, or `live` once written) or the local models file. */
  location?: string;
  /** Set when the command tried a live refresh (`models --refresh`, or a catalog older than `TOKENWISE_CACHE_TTL`). */
  refresh?: { ok: boolean; error?: string };
}

/**
 * Everything the command tree needs from the outside world. Every member is lazy, so a command loads only what
 * it uses: `route` and `models` never load provider code; only `plan` and `serve` compose providers.
 */
export interface CliDeps {
  /** Printed by `--version`. */
  version: string;
  io: CliIo;
  /** Settings: environment > config file > defaults (core's `loadConfig`). */
  loadConfig(): Promise<TokenwiseConfig>;
  /** The model registry, ready (fresh cache or bundled catalog); `refresh` also loads the live catalog first. */
  loadRegistry(options?: { refresh?: boolean; signal?: AbortSignal }): Promise<ModelRegistry>;
  /**
   * Which catalog the registry of `loadRegistry` holds and whether a refresh was tried. Optional: without it the
   * commands describe the registry from its `source` and `fetchedAt`.
   */
  catalogStatus?(): CatalogStatus | undefined;
  /**
   * Names the provider key variables when NONE is set, so `plan --execute` can stop before any model call
   * (a missing key is not a model failure). Optional: without it the check is skipped.
   */
  missingProviderKeys?(config: TokenwiseConfig): readonly string[] | undefined;
  /** The ledger store (`TOKENWISE_LEDGER_PATH`, default `~/.config/tokenwise/ledger.jsonl`). */
  openLedger(): Promise<OpenedLedger>;
  /**
   * The persistent key store (`TOKENWISE_DATABASE_URL`); `undefined` when none is configured, since keys made in
   * the memory of one CLI run would vanish with it. Called only by `keys` and `teams`.
   */
  openKeyStore?(): Promise<OpenedKeyStore | undefined>;
  /** Planner and executor over real providers; called only by `plan`. */
  createPlanService(context: { registry: ModelRegistry; config: TokenwiseConfig }): Promise<PlanService>;
  /** Starts the OpenAI-compatible proxy; called only by `serve`. */
  startServer(options: { host: string; port: number; config: TokenwiseConfig }): Promise<RunningServer>;
  /**
   * More sub-commands mounted by the app (e.g. `bench` from `@tokenwise/bench`), loaded only when invoked.
   * Their errors map to exit codes like the built-in commands'.
   */
  extraCommands?: Readonly<Record<string, () => Promise<CommandDef>>>;
}
