import {
  type AttemptRecord,
  type FinishReason,
  InvalidResponseDataError,
  type ModelInfo,
  maxUsd,
  type PicoUsd,
  type StreamPart,
  type StreamResult,
  type Usage,
} from '@tokenwise/spec';
import { costOf, costOfUsage } from '../pricing/index.js';
import { attemptOptions } from './attempt-options.js';
import { createAttemptSignal } from './attempt-signal.js';
import { type AttemptOutcome, type CallRun, errorFields, startAttempt } from './call-engine.js';
import type { EngineStreamResult, ResolvedCandidate, StreamOutcome } from './engine-types.js';
import { judgeFailure } from './failover-rule.js';
import { createOutputCounter } from './output-counter.js';
import { type CallPlan, settledCostSource } from './plan-call.js';

const ignore = () => {};

/** Tokens of slack above the cut threshold, so tiny answers are never cut by rounding. */
const CUT_SLACK_TOKENS = 16;

/**
 * Opens one streamed attempt. The parts before the first content (stream start, metadata) are held back, so an
 * error up to that point is retried or fails over invisibly to the reader. Once content flows there is no
 * failover: a break becomes an `error` part plus a `finish` part with the usage counted so far.
 *
 * Money: the worst case is reserved first; the stream settles exactly once — from the `finish` part's usage, or,
 * when it breaks, is cancelled by the reader, aborted or cut by the output guard, from the counted input and the
 * output counted so far (a cut settles at least the reservation: the vendor kept producing past it).
 * (internal)
 */
export async function openStreamAttempt(
  run: CallRun,
  info: ModelInfo,
  resolved: ResolvedCandidate,
  kind: NonNullable<AttemptRecord['attemptKind']>,
): Promise<AttemptOutcome<EngineStreamResult>> {
  const { call, settings } = run;
  const providerId = resolved.providerId ?? resolved.model.provider;
  const startedAttempt = await startAttempt(run, info, resolved, kind);
  if (!startedAttempt.ok) return startedAttempt.refused;
  const { plan, hold, record } = startedAttempt;
  const signal = createAttemptSignal(run.signal, settings.attemptTimeoutMs);
  const counter = createOutputCounter(settings.countOutputTokens);
  const cutAt = Math.ceil(plan.maxOutputTokens * settings.outputCutFactor) + CUT_SLACK_TOKENS;
  let settledCost: PicoUsd | undefined;
  let resolveOutcome!: (outcome: StreamOutcome) => void;
  const outcome = new Promise<StreamOutcome>((resolve) => {
    resolveOutcome = resolve;
  });

  /** Ends the attempt's money exactly once (internal to this attempt). */
  const settle = async (
    how: 'finish' | 'partial' | 'cut' | 'cancel',
    usage: Usage | undefined,
    error: unknown,
    finishReason?: FinishReason,
  ): Promise<{ cost: PicoUsd; usage: Usage } | undefined> => {
    if (settledCost !== undefined) return undefined;
    signal.done();
    const counted: Usage = { inputTokens: plan.inputTokens, outputTokens: Math.min(counter.total(), cutAt) };
    let cost: PicoUsd;
    let finalUsage: Usage;
    let costSource: AttemptRecord['costSource'];
    // Only a finish part brings usage (an adapter may still leave it out: then the count is all there is).
    if (usage) {
      const complete =
        usage.reportedCostUsd !== undefined ||
        (usage.inputTokens !== undefined && usage.outputTokens !== undefined);
      const fallback = { inputTokens: plan.inputTokens, outputTokens: counter.total() };
      cost = costOfUsage(plan.pricedModel, usage, fallback) ?? plan.worstCase;
      finalUsage = {
        ...usage,
        inputTokens: usage.inputTokens ?? fallback.inputTokens,
        outputTokens: usage.outputTokens ?? fallback.outputTokens,
      };
      costSource = settledCostSource(plan, usage, complete ? 'usage' : 'estimate');
    } else {
      finalUsage = counted;
      cost = costOf(plan.pricedModel, {
        inputTokens: plan.inputTokens,
        outputTokens: counted.outputTokens ?? 0,
      })!;
      // The guard cut a vendor that ignored max_tokens: it billed at least what was reserved.
      if (how === 'cut') cost = maxUsd(cost, plan.worstCase);
      costSource = settledCostSource(plan, undefined, 'estimate');
    }
    settledCost = cost;
    const { overrun } = await hold.settle(cost);
    const attempt = record({
      called: true,
      success: how === 'finish',
      outcome:
        how === 'finish'
          ? 'ok'
          : how === 'cut'
            ? 'cut'
            : judgeFailure(error, {
                callerAborted: how === 'cancel' || run.signal.aborted,
                timedOut: signal.timedOut,
              }).outcome,
      inputTokens: finalUsage.inputTokens ?? plan.inputTokens,
      outputTokens: finalUsage.outputTokens ?? 0,
      ...(finalUsage.cachedInputTokens === undefined
        ? {}
        : { cachedInputTokens: finalUsage.cachedInputTokens }),
      ...(finalUsage.reasoningTokens === undefined ? {} : { reasoningTokens: finalUsage.reasoningTokens }),
      cost,
      costSource,
      ...(costSource === 'usage' ? {} : { usageEstimated: true }),
      finishReason: how === 'cut' ? 'length' : (finishReason?.unified ?? 'error'),
      ...(overrun > 0n ? { overrun } : {}),
      ...(how === 'finish' ? {} : errorFields(error)),
      ...(how === 'cut' ? { errorCode: 'output_limit' } : {}),
    });
    run.report(attempt);
    // The record's cost is what was charged (the worst case when a sweeper had settled the lapsed lease).
    settledCost = attempt.cost;
    resolveOutcome({
      success: how === 'finish',
      cost: attempt.cost,
      usage: finalUsage,
      record: attempt,
      attempts: run.attempts,
    });
    return { cost: attempt.cost, usage: finalUsage };
  };

  let result: StreamResult;
  try {
    result = await resolved.model.doStream({
      ...attemptOptions(call.options, plan),
      abortSignal: signal.signal,
    });
  } catch (error) {
    // The request itself failed (HTTP error, network, abort): vendors do not bill it.
    signal.done();
    settledCost = 0n;
    await hold.release();
    const verdict = judgeFailure(error, { callerAborted: run.signal.aborted, timedOut: signal.timedOut });
    run.report(record({ called: true, success: false, outcome: verdict.outcome, ...errorFields(error) }));
    return { ok: false, error, called: true, verdict };
  }

  const reader = result.stream.getReader();
  const held: StreamPart[] = [];
  const failEarly = async (error: unknown): Promise<AttemptOutcome<EngineStreamResult>> => {
    reader.cancel().catch(ignore);
    // Stryker disable next-line StringLiteral: equivalent, any other ending than finish/cut/cancel is partial.
    await settle('partial', undefined, error);
    const verdict = judgeFailure(error, { callerAborted: run.signal.aborted, timedOut: signal.timedOut });
    return { ok: false, error, called: true, verdict };
  };
  // Until content arrives, the attempt's own timeout applies and a failure may still fail over.
  for (;;) {
    let read: ReadableStreamReadResult<StreamPart>;
    try {
      read = await reader.read();
    } catch (error) {
      return failEarly(error);
    }
    if (read.done) return failEarly(endedEarly(providerId));
    const part = read.value;
    if (part.type === 'error') return failEarly(part.error);
    counter.observe(part);
    held.push(part);
    if (part.type === 'finish') {
      await settle('finish', part.usage, undefined, part.finishReason);
      break;
    }
    if (counter.hasContent) {
      signal.clearTimer();
      break;
    }
  }

  const value: EngineStreamResult = {
    stream: passThrough(),
    model: resolved.model,
    modelInfo: info,
    plan,
    ...(result.response === undefined ? {} : { response: result.response }),
    attempts: run.attempts,
    cost: () => settledCost,
    outcome,
  };
  return { ok: true, value };

  /** The reader-facing stream: held parts first, then the upstream, guarded and settled exactly once. */
  function passThrough(): ReadableStream<StreamPart> {
    // Once the reader cancelled, the stream is closed: no pull starts, and one in flight must not touch it (what it
    // would do cannot show: settle is a no-op by then, and a closed stream ignores a failing pull).
    let cancelledByReader = false;
    // Called once: every caller ends the stream, and a closed stream is never pulled again.
    const close = (controller: ReadableStreamDefaultController<StreamPart>) => {
      controller.close();
      reader.cancel().catch(ignore);
    };
    const fail = async (controller: ReadableStreamDefaultController<StreamPart>, error: unknown) => {
      // Stryker disable next-line StringLiteral: equivalent, any other ending than finish/cut/cancel is partial.
      const settled = await settle('partial', undefined, error);
      controller.enqueue({ type: 'error', error });
      controller.enqueue({
        type: 'finish',
        finishReason: { unified: 'error', raw: undefined },
        usage: settled?.usage ?? { inputTokens: plan.inputTokens, outputTokens: counter.total() },
      });
      close(controller);
    };
    const cut = async (controller: ReadableStreamDefaultController<StreamPart>) => {
      reader.cancel().catch(ignore);
      const settled = await settle('cut', undefined, outputLimitError(plan));
      controller.enqueue({
        type: 'finish',
        finishReason: { unified: 'length', raw: 'tokenwise_output_limit' },
        usage: settled?.usage ?? { inputTokens: plan.inputTokens, outputTokens: counter.total() },
      });
      close(controller);
    };
    // Abort (caller or abortAll) ends a stream the reader is not pulling: settle from what was counted.
    const onAbort = () => {
      // Stryker disable next-line StringLiteral: equivalent, any other ending than finish/cut/cancel is partial.
      void settle('partial', undefined, run.signal.reason);
      reader.cancel(run.signal.reason).catch(ignore);
    };
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, an abort event fires once.
    run.signal.addEventListener('abort', onAbort, { once: true });
    // Only drops the listener early: the call ends with its outcome, and its signal can no longer fire after that.
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent, see above.
    void outcome.then(() => run.signal.removeEventListener('abort', onAbort));
    return new ReadableStream<StreamPart>(
      {
        start(controller) {
          for (const part of held) controller.enqueue(part);
          if (settledCost !== undefined) close(controller);
        },
        async pull(controller) {
          if (settledCost !== undefined) {
            // Settled by an abort while nobody was reading: end the stream in order.
            controller.enqueue({ type: 'error', error: run.signal.reason });
            close(controller);
            return;
          }
          let read: ReadableStreamReadResult<StreamPart>;
          try {
            read = await reader.read();
          } catch (error) {
            // Stryker disable next-line ConditionalExpression: equivalent, the cancel settled and closed the stream.
            if (!cancelledByReader) await fail(controller, error);
            return;
          }
          // Stryker disable next-line ConditionalExpression: equivalent, the cancel settled and closed the stream.
          if (cancelledByReader) return;
          if (read.done) {
            await fail(controller, endedEarly(providerId));
            return;
          }
          const part = read.value;
          if (part.type === 'error') {
            reader.cancel().catch(ignore);
            await fail(controller, part.error);
            return;
          }
          counter.observe(part);
          if (part.type === 'finish') {
            await settle('finish', part.usage, undefined, part.finishReason);
            controller.enqueue(part);
            close(controller);
            return;
          }
          if (counter.total() > cutAt) {
            await cut(controller);
            return;
          }
          controller.enqueue(part);
        },
        async cancel(reason) {
          // Stryker disable next-line BooleanLiteral: equivalent, the cancel settled and closed the stream.
          cancelledByReader = true;
          const why =
            reason instanceof Error
              ? reason
              : new DOMException(
                  `The reader cancelled the stream${reason === undefined ? '' : `: ${String(reason)}`}.`,
                  'AbortError',
                );
          await settle('cancel', undefined, why);
          await reader.cancel(reason).catch(ignore);
        },
      },
      { highWaterMark: 0 },
    );
  }
}

function endedEarly(provider: string): InvalidResponseDataError {
  return new InvalidResponseDataError({
    message: `The ${provider} stream ended without a finish part; the answer may be cut.`,
    provider,
  });
}

function outputLimitError(plan: CallPlan): InvalidResponseDataError {
  return new InvalidResponseDataError({
    message: `The upstream kept streaming past max_tokens (${plan.maxOutputTokens}); TokenWise cut the answer at what its reservation pays for.`,
    provider: plan.pricedModel.provider,
  });
}
