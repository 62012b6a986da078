import type {
  AttemptRecord,
  CallOptions,
  GenerateResult,
  LanguageModelV1,
  LedgerSource,
  ModelInfo,
  PicoUsd,
  Pricing,
  StreamPart,
  StreamResult,
  Usage,
} from '@tokenwise/spec';
import type { Budget } from '../budget/index.js';
import type { EscalationPolicy } from '../config/load-config.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import type { SharedBudget } from './attempt-budget.js';
import type { Candidate, CandidateSource } from './candidate-source.js';
import type { ModelHealth } from './model-health.js';
import type { CallPlan } from './plan-call.js';
import type { RetryPolicy } from './retry-policy.js';

/** Counts every billed input token of a call (messages, tools, schemas) for a model: an upper bound. */
export type InputTokenCounter = (
  call: Pick<CallOptions, 'prompt' | 'tools' | 'toolChoice' | 'responseFormat'>,
  context: { modelId: string },
) => number;

/** A catalog id resolved to a callable model. */
export interface ResolvedCandidate {
  model: LanguageModelV1;
  /** The provider id, when it differs from `model.provider` (e.g. OpenRouter serving a vendor's model). */
  providerId?: string;
}

/** Process-wide settings and collaborators of {@link createCallEngine}. */
export interface CallEngineOptions {
  /** Turns a catalog id into a callable model; needed when candidates come without `model`. */
  resolve?: (modelId: string) => ResolvedCandidate | LanguageModelV1;
  /** Receives every attempt record, once its money was settled or released. Must not throw (errors are ignored). */
  onRecord?: (record: AttemptRecord) => void;
  /** Written on every record (default `library`). */
  source?: LedgerSource;
  /** Refuse a call when the budget cannot pay for this many output tokens (default 100). */
  minOutputTokens?: number;
  /** Output reserved for a call whose caller set no max_tokens (default 4,096). */
  defaultMaxOutputTokens?: number;
  /**
   * Input counter (default `countInputTokensUpperBound` with `tokenizers`: an upper bound of everything the vendor
   * bills — messages, tool definitions and results, schemas, images — for any script or encoding).
   */
  countInputTokens?: InputTokenCounter;
  /** Tokenizers for the default input counter: OpenAI models count exactly, others get a tighter bound. */
  tokenizers?: readonly Tokenizer[];
  /** Output counter for streams without usage and for the output guard (default `estimateTextTokens`). */
  countOutputTokens?: (text: string) => number;
  /** Same-model retries (default `retryPolicy()`: 2 retries with backoff and Retry-After). */
  retry?: RetryPolicy;
  /**
   * Per-attempt limit in ms: the whole answer for `generate`, the first content for `stream` (default none; the
   * providers' own request timeout still applies).
   */
  attemptTimeoutMs?: number;
  /** Model suppression shared by calls (default: a new one per engine). */
  health?: ModelHealth;
  /** Default policy of escalation candidate sources built by callers from the engine's settings. */
  escalationPolicy?: EscalationPolicy;
  /** Most models tried per call, refusals included (default 4). */
  maxModels?: number;
  /** Prices assumed for unpriced models; without them such models are refused. */
  assumedPricing?: Pricing;
  /**
   * A streamed answer is cut (finish reason `length`) once its counted output passes the clamped max_tokens by
   * this factor plus 16 tokens: vendors that ignore max_tokens cannot run up a bill (default 2: without an exact
   * tokenizer the count errs high, up to ~1.7× for CJK, and an honest answer must never be cut). A cut settles
   * the counted output, at least the reservation; what it passed the reservation by is flagged `overrun`.
   */
  outputCutFactor?: number;
  /** Reports an attempt whose reported cost went above its reservation (also on the record as `overrun`). */
  onOverrun?: (record: AttemptRecord) => void;
  /**
   * Reports, once per attempt and as soon as it is known (a lease renewal or the settle), that the shared store
   * had settled an attempt at its reserved worst case because its lease lapsed (its record says `leaseExpired`).
   */
  onLeaseExpired?: (event: LeaseExpiredEvent) => void;
  /** Clock in ms (injectable for tests). */
  now?: () => number;
}

/** An attempt whose lease a sweeper settled at its reserved worst case (see `onLeaseExpired`). */
export interface LeaseExpiredEvent {
  /** The store's reservation id (`<request id>:<attempt number>`). */
  reservationId: string;
  modelId: string;
  requestId?: string;
  /** What the sweeper charged: the attempt's reserved worst case. */
  reserved: PicoUsd;
}

/** One call under a budget: what to send, to which candidates, charged to which budgets. */
export interface EngineCall {
  /** The call; `maxOutputTokens` is the caller's max (clamped before sending); `abortSignal` cancels everything. */
  options: CallOptions;
  /** Candidates in order, or a source that picks them as failures happen. */
  candidates: CandidateSource | readonly Candidate[];
  /** The local budget chain (request ⊂ plan ⊂ process); unlimited when absent. */
  budget?: Budget;
  /** Scopes of a shared store (key, team) charged beside `budget`. */
  shared?: SharedBudget;
  /** Whether a failure may move on to another candidate (default true). */
  failover?: boolean;
  /** Record context. */
  requestId?: string;
  /** Why the call is made, on every record (default `library call`). */
  reason?: string | ((attempt: { number: number; kind: AttemptRecord['attemptKind'] }) => string);
  door?: string;
  keyId?: string;
  teamId?: string;
  strategy?: string;
  /**
   * Checks an answer of `generate`; a string rejects it (billed, recorded as failed with that message) and the
   * call moves on to the next candidate like after a failure.
   */
  accept?: (result: GenerateResult, plan: CallPlan) => string | undefined | Promise<string | undefined>;
  /** Receives this call's attempt records (besides the engine's `onRecord`). Must not throw. */
  onAttempt?: (record: AttemptRecord) => void;
  /**
   * The caller's max_tokens for one candidate (e.g. a plan step's fair share of the budget on that model's
   * prices), given its counted input; wins over `options.maxOutputTokens`.
   */
  maxOutputTokensFor?: (model: ModelInfo, inputTokens: number) => number | undefined;
  /** Told before each same-model retry. */
  onRetry?: (event: { modelId: string; retry: number; delayMs: number; error: unknown }) => void;
  /** Overrides the engine's `maxModels` for this call. */
  maxModels?: number;
}

/** The answer of {@link CallEngine.generate}. */
export interface EngineGenerateResult {
  result: GenerateResult;
  /** Settled cost of the answering attempt. */
  cost: PicoUsd;
  model: LanguageModelV1;
  modelInfo: ModelInfo;
  /** The clamped max_tokens and the reserved worst case of the answering attempt. */
  plan: CallPlan;
  /** Every attempt of the call, failed and refused ones included, in order. */
  attempts: AttemptRecord[];
}

/** How a stream ended; resolves once its money was settled. */
export interface StreamOutcome {
  success: boolean;
  cost: PicoUsd;
  usage: Usage;
  record: AttemptRecord;
  attempts: AttemptRecord[];
}

/** The answer of {@link CallEngine.stream}: read the stream to its end or cancel it. */
export interface EngineStreamResult {
  /**
   * The parts. Ends with the upstream's `finish` part; when the upstream broke after content was delivered, with
   * an `error` part and then a `finish` part (`error`); when the output guard cut it, with a `finish` part
   * (`length`).
   */
  stream: ReadableStream<StreamPart>;
  model: LanguageModelV1;
  modelInfo: ModelInfo;
  plan: CallPlan;
  response?: StreamResult['response'];
  attempts: AttemptRecord[];
  /** The settled cost, known once the `finish` part was read (or the stream ended otherwise). */
  cost(): PicoUsd | undefined;
  outcome: Promise<StreamOutcome>;
}

/** The one budget-safe call path. */
export interface CallEngine {
  generate(call: EngineCall): Promise<EngineGenerateResult>;
  stream(call: EngineCall): Promise<EngineStreamResult>;
  /** Calls whose money is not settled yet (streams until they end). */
  readonly inFlight: number;
  /** Aborts every call in flight (shutdown) and resolves once each one settled or released its money. */
  abortAll(reason?: unknown): Promise<void>;
  /** Resolves once no call is in flight. */
  idle(): Promise<void>;
  readonly health: ModelHealth;
  readonly escalationPolicy: EscalationPolicy;
}
