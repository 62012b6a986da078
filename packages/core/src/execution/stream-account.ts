import type { FinishReason, PicoUsd, StreamPart, Usage } from '@tokenwise/spec';
import type { Reservation } from '../budget/index.js';
import { costOf, costOfUsage } from '../pricing/index.js';
import { estimateTextTokens } from '../tokens/index.js';
import type { AttemptRecord } from './attempt-record.js';
import type { CallCandidate } from './budgeted-call-options.js';
import { baseRecord, type CallContext } from './call-context.js';
import { describeError } from './describe-error.js';
import type { CallPlan } from './plan-call.js';

/** How a budget-safe stream ended and what it cost. */
export interface StreamOutcome {
  success: boolean;
  cost: PicoUsd;
  /** Reported usage, or the counted input and estimated output of a cut stream. */
  usage: Usage;
  /** The record of the attempt that produced the stream. */
  record: AttemptRecord;
  /** Every attempt of the call, in order. */
  attempts: AttemptRecord[];
}

/** Counts what one streamed attempt produced and settles its reservation exactly once (internal). */
export interface StreamAccount {
  observe(part: StreamPart): void;
  /** True once a text, reasoning or tool part arrived. */
  readonly hasContent: boolean;
  readonly settled: boolean;
  /** Settles from a `finish` part; missing counts fall back to the counted input and the estimated output. */
  settleFinish(usage: Usage, finishReason: FinishReason): void;
  /** Settles a cut stream from the counted input and the output received so far; returns that usage. */
  settlePartial(error: unknown): Usage;
  readonly outcome: Promise<StreamOutcome>;
}

/** Creates the account of one streamed attempt (internal). */
export function createStreamAccount(options: {
  context: CallContext;
  candidate: CallCandidate;
  attempt: number;
  kind: AttemptRecord['kind'];
  plan: CallPlan;
  reservation: Reservation;
  started: number;
}): StreamAccount {
  const { context, candidate, attempt, kind, plan, reservation, started } = options;
  const countOutput = context.settings.countOutputTokens ?? estimateTextTokens;
  let text = '';
  let hasContent = false;
  let settled = false;
  const streamedToolCalls = new Set<string>();
  let resolveOutcome!: (outcome: StreamOutcome) => void;
  const outcome = new Promise<StreamOutcome>((resolve) => {
    resolveOutcome = resolve;
  });

  const estimatedOutput = () => (text === '' ? 0 : Math.min(countOutput(text), plan.maxOutputTokens));

  const finish = (cost: PicoUsd, usage: Usage, fields: Partial<AttemptRecord>, success: boolean) => {
    settled = true;
    reservation.settle(cost);
    const record = baseRecord(context, candidate.info, candidate.model.provider, attempt, kind, {
      called: true,
      success,
      estimatedCost: plan.worstCase,
      latencyMs: context.now() - started,
      inputTokens: usage.inputTokens ?? plan.inputTokens,
      outputTokens: usage.outputTokens ?? 0,
      cachedInputTokens: usage.cachedInputTokens,
      reasoningTokens: usage.reasoningTokens,
      cost,
      ...fields,
    });
    context.report(record);
    resolveOutcome({ success, cost, usage, record, attempts: context.attempts });
  };

  return {
    get hasContent() {
      return hasContent;
    },
    get settled() {
      return settled;
    },
    outcome,
    observe(part) {
      switch (part.type) {
        case 'text-delta':
        case 'reasoning-delta':
          hasContent = true;
          text += part.delta;
          break;
        case 'tool-call-delta':
          hasContent = true;
          streamedToolCalls.add(part.toolCallId);
          text += part.inputDelta;
          break;
        case 'tool-call':
          hasContent = true;
          if (!streamedToolCalls.has(part.toolCallId)) text += part.toolName + part.input;
          break;
      }
    },
    settleFinish(usage, finishReason) {
      if (settled) return;
      const complete =
        usage.reportedCostUsd !== undefined ||
        (usage.inputTokens !== undefined && usage.outputTokens !== undefined);
      const fallback = { inputTokens: plan.inputTokens, outputTokens: estimatedOutput() };
      const cost = costOfUsage(plan.pricedModel, usage, fallback) ?? plan.worstCase;
      finish(
        cost,
        {
          ...usage,
          inputTokens: usage.inputTokens ?? fallback.inputTokens,
          outputTokens: usage.outputTokens ?? fallback.outputTokens,
        },
        { costSource: complete ? 'usage' : 'estimate', finishReason: finishReason.unified },
        true,
      );
    },
    settlePartial(error) {
      const usage: Usage = { inputTokens: plan.inputTokens, outputTokens: estimatedOutput() };
      if (settled) return usage;
      const cost = costOf(plan.pricedModel, {
        inputTokens: plan.inputTokens,
        outputTokens: usage.outputTokens ?? 0,
      })!;
      finish(
        cost,
        usage,
        { costSource: 'estimate', finishReason: 'error', error: describeError(error) },
        false,
      );
      return usage;
    },
  };
}
