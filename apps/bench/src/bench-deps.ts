import type { LedgerStore } from '@tokenwise/ledger';
import type { LanguageModelV1, ModelInfo } from '@tokenwise/spec';

/** Where the bench commands write. The app fills it from `process`; tests capture it. */
export interface BenchIo {
  /** The result: the summary table, the dry-run plan, or one JSON document. */
  stdout(text: string): void;
  /** Progress, notices and warnings. */
  stderr(text: string): void;
  /** Standard error is a terminal: progress redraws one line instead of printing one line per task. */
  stderrIsTTY: boolean;
  /** Aborted on Ctrl-C: no new task starts; the results so far are still written. */
  signal?: AbortSignal;
}

/** A ledger store and where it lives, for messages. */
export interface BenchLedger {
  store: LedgerStore;
  /** The file path (or a description of a non-file store). */
  location: string;
}

/**
 * Everything the bench commands need from the outside world, so they run the same in the `tokenwise-bench` bin,
 * mounted in the `tokenwise` CLI, and in tests (mock upstreams, an in-memory ledger, captured output).
 */
export interface BenchDeps {
  io: BenchIo;
  /**
   * The model catalog to price, route and escalate with (the registry's current models); `refresh` loads the
   * live catalog first.
   */
  loadModels(options?: { refresh?: boolean }): Promise<readonly ModelInfo[]>;
  /** The callable model for a catalog id; a missing API key surfaces on the first call. */
  languageModel(modelId: string): LanguageModelV1;
  /** The ledger every call is recorded in; `undefined` when the run should not be recorded. */
  openLedger(): Promise<BenchLedger | undefined>;
  readTextFile(path: string): Promise<string>;
  writeTextFile(path: string, text: string): Promise<void>;
  /** Least output a budget must pay for (`TOKENWISE_MIN_OUTPUT_TOKENS`, default 100). */
  minOutputTokens?: number;
  /** Clock for latencies in milliseconds (default `performance.now`). */
  now?: () => number;
}
