import {
  InvalidArgumentError,
  InvalidResponseDataError,
  type LanguageModelV1,
  type ModelInfo,
  type StreamPart,
  type StreamResult,
} from '@tokenwise/spec';
import type { AttemptRecord } from './attempt-record.js';
import type { BudgetedCallOptions, CallCandidate } from './budgeted-call-options.js';
import { baseRecord, type CallContext, createCallContext, planAndReserve } from './call-context.js';
import { describeError } from './describe-error.js';
import type { CallPlan } from './plan-call.js';
import { shouldFailover as defaultShouldFailover } from './should-failover.js';
import { createStreamAccount, type StreamAccount, type StreamOutcome } from './stream-account.js';

/** A budget-safe stream: read it to the end or cancel it, so its reservation is settled. */
export interface BudgetedStreamResult {
  /**
   * The parts, passed through. Ends with the upstream `finish` part, or, when the upstream broke after content
   * was delivered, with an `error` part and then a `finish` part (`finishReason.unified: 'error'`) carrying the
   * partial usage.
   */
  stream: ReadableStream<StreamPart>;
  model: LanguageModelV1;
  modelInfo: ModelInfo;
  plan: CallPlan;
  response?: StreamResult['response'];
  /** Attempts so far (failed ones before this stream); the stream's own is added when it settles. */
  attempts: AttemptRecord[];
  /** Resolves (never rejects) once the stream's reservation is settled: on finish, error or cancel. */
  outcome: Promise<StreamOutcome>;
}

/** Options of {@link streamWithFailover}. */
export interface StreamWithFailoverOptions extends BudgetedCallOptions {
  candidates: readonly CallCandidate[];
  /** Whether an error before the first content part moves on to the next candidate; default `shouldFailover`. */
  shouldFailover?: (error: unknown) => boolean;
}

interface Opened {
  result: StreamResult;
  reader: ReadableStreamDefaultReader<StreamPart>;
  buffered: StreamPart[];
  account: StreamAccount;
  plan: CallPlan;
}

type OpenOutcome = { ok: true; opened: Opened } | { ok: false; error: unknown; called: boolean };

/**
 * A budget-safe `doStream` over candidates in order. The parts before the first content (stream start,
 * metadata) are held back, so an error up to that point, whether the request failed or the stream broke,
 * is retried or fails over invisibly to the reader. Once content was delivered there is no failover: a
 * break becomes an `error` part and a `finish` part with the partial usage.
 *
 * Money: each attempt reserves its worst case; a stream settles exactly once, from the `finish` part's usage
 * (missing counts: counted input, estimated output), or, when it breaks or the reader cancels, from the counted
 * input plus an estimate of the output received so far. A request refused with an HTTP error is released.
 * @throws the last error when no candidate produced content or a finish part.
 */
export async function streamWithFailover(options: StreamWithFailoverOptions): Promise<BudgetedStreamResult> {
  if (options.candidates.length === 0) {
    throw new InvalidArgumentError({
      argument: 'candidates',
      message: 'No candidate model to call: pass at least one.',
    });
  }
  const context = createCallContext(options);
  const shouldFailover = options.shouldFailover ?? defaultShouldFailover;
  let lastError: unknown;
  for (const [index, candidate] of options.candidates.entries()) {
    const outcome = await openOnModel(context, candidate, index === 0 ? 'first' : 'failover');
    if (outcome.ok) {
      const { opened } = outcome;
      return {
        stream: passThrough(opened, candidate),
        model: candidate.model,
        modelInfo: candidate.info,
        plan: opened.plan,
        response: opened.result.response,
        attempts: context.attempts,
        outcome: opened.account.outcome,
      };
    }
    lastError = outcome.error;
    if (context.callerAborted() || !shouldFailover(outcome.error)) break;
  }
  throw lastError;
}

async function openOnModel(
  context: CallContext,
  candidate: CallCandidate,
  firstKind: AttemptRecord['kind'],
): Promise<OpenOutcome> {
  for (let retry = 0; ; retry++) {
    const outcome = await openOnce(context, candidate, retry === 0 ? firstKind : 'retry');
    if (outcome.ok || !outcome.called || context.callerAborted()) return outcome;
    const delay = context.retry.delayFor(retry + 1, outcome.error);
    if (delay === undefined) return outcome;
    try {
      await context.retry.sleep(delay, context.settings.options.abortSignal);
    } catch (error) {
      return { ok: false, error, called: false };
    }
  }
}

const ignore = () => {};

async function openOnce(
  context: CallContext,
  candidate: CallCandidate,
  kind: AttemptRecord['kind'],
): Promise<OpenOutcome> {
  const attempt = context.nextAttempt();
  const reserved = planAndReserve(context, candidate, attempt, kind);
  if (!reserved.ok) return { ok: false, error: reserved.error, called: false };
  const { plan, reservation } = reserved;
  const started = context.now();
  let result: StreamResult;
  try {
    result = await candidate.model.doStream({
      ...context.settings.options,
      maxOutputTokens: plan.maxOutputTokens,
      abortSignal: context.attemptSignal(),
    });
  } catch (error) {
    // The request itself failed (HTTP error, network, abort): vendors do not bill it.
    reservation.release();
    context.report(
      baseRecord(context, candidate.info, candidate.model.provider, attempt, kind, {
        called: true,
        success: false,
        estimatedCost: plan.worstCase,
        latencyMs: context.now() - started,
        error: describeError(error),
      }),
    );
    return { ok: false, error, called: true };
  }
  const account = createStreamAccount({ context, candidate, attempt, kind, plan, reservation, started });
  const reader = result.stream.getReader();
  const buffered: StreamPart[] = [];
  for (;;) {
    let read: ReadableStreamReadResult<StreamPart>;
    try {
      read = await reader.read();
    } catch (error) {
      account.settlePartial(error);
      return { ok: false, error, called: true };
    }
    if (read.done) {
      const error = endedEarly(candidate);
      account.settlePartial(error);
      return { ok: false, error, called: true };
    }
    const part = read.value;
    if (part.type === 'error') {
      reader.cancel().catch(ignore);
      account.settlePartial(part.error);
      return { ok: false, error: part.error, called: true };
    }
    account.observe(part);
    buffered.push(part);
    if (part.type === 'finish') {
      account.settleFinish(part.usage, part.finishReason);
      return { ok: true, opened: { result, reader, buffered, account, plan } };
    }
    if (account.hasContent) return { ok: true, opened: { result, reader, buffered, account, plan } };
  }
}

function endedEarly(candidate: CallCandidate): InvalidResponseDataError {
  return new InvalidResponseDataError({
    message: `The ${candidate.model.provider} stream ended without a finish part; the answer may be cut.`,
    provider: candidate.model.provider,
  });
}

/** The reader-facing stream: held-back parts first, then the upstream, settling exactly once (internal). */
function passThrough(opened: Opened, candidate: CallCandidate): ReadableStream<StreamPart> {
  const { reader, buffered, account } = opened;
  // Set when the reader cancels: a read still pending upstream must not enqueue into a cancelled stream.
  let cancelledByReader = false;
  const fail = (controller: ReadableStreamDefaultController<StreamPart>, error: unknown) => {
    const usage = account.settlePartial(error);
    controller.enqueue({ type: 'error', error });
    controller.enqueue({ type: 'finish', finishReason: { unified: 'error', raw: undefined }, usage });
    controller.close();
  };
  return new ReadableStream<StreamPart>({
    start(controller) {
      for (const part of buffered) controller.enqueue(part);
      if (account.settled) {
        controller.close();
        reader.cancel().catch(ignore);
      }
    },
    async pull(controller) {
      let read: ReadableStreamReadResult<StreamPart>;
      try {
        read = await reader.read();
      } catch (error) {
        if (!cancelledByReader) fail(controller, error);
        return;
      }
      if (cancelledByReader) return;
      if (read.done) {
        fail(controller, endedEarly(candidate));
        return;
      }
      const part = read.value;
      if (part.type === 'error') {
        reader.cancel().catch(ignore);
        fail(controller, part.error);
        return;
      }
      account.observe(part);
      controller.enqueue(part);
      if (part.type === 'finish') {
        account.settleFinish(part.usage, part.finishReason);
        controller.close();
        reader.cancel().catch(ignore);
      }
    },
    async cancel(reason) {
      cancelledByReader = true;
      account.settlePartial(cancelled(reason));
      await reader.cancel(reason).catch(ignore);
    },
  });
}

function cancelled(reason: unknown): Error {
  const error = new Error(
    `The reader cancelled the stream${reason instanceof Error ? `: ${reason.message}` : ''}; settled from the output received.`,
  );
  error.name = 'AbortError';
  return error;
}
