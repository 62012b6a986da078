import {
  type Budget,
  createBudget,
  describeError,
  generateWithBudget,
  getText,
  type PromptTokenCounter,
  type RetryPolicy,
  UNPRICED_ASSUMED_PRICING,
  unpricedModel,
} from '@tokenwise/core';
import {
  type AttemptRecord,
  type LanguageModelV1,
  LoadApiKeyError,
  type Message,
  type ModelInfo,
  type PicoUsd,
  toLedgerEntry,
} from '@tokenwise/spec';

import type { PlanSource } from '../types/plan.js';
import type { AttemptEntry } from '../types/plan-result.js';
import { decompositionPrompt, repairPrompt } from './decomposition-prompt.js';
import { extractJson } from './extract-json.js';
import { type RawStep, validateRawSteps } from './raw-step-schema.js';

/** Options of {@link decomposeTask}. */
export interface DecomposeTaskOptions {
  task: string;
  /** The planner model and its catalog entry (`undefined` when the catalog does not know it). */
  model: LanguageModelV1;
  /** The planner model's id (for messages when `modelInfo` is absent). */
  modelId?: string;
  modelInfo: ModelInfo | undefined;
  /**
   * A budget was given by the caller. An unpriced planner model is then refused with an error saying how to price
   * it; without one it is called outside the plan's budget (its cost is unknown, so it counts as 0).
   */
  budgetApplies?: boolean;
  /** The plan's budget: every planner attempt reserves from it. */
  budget: Budget;
  maxSteps: number;
  /** max_tokens of the planner call. */
  maxOutputTokens: number;
  minOutputTokens?: number;
  retry?: RetryPolicy;
  countTokens?: PromptTokenCounter;
  signal?: AbortSignal;
  now: () => number;
  /** Every planner attempt, as it ends. */
  onAttempt: (entry: AttemptEntry) => void;
}

/** What the decomposition produced. */
export interface Decomposition {
  /** Validated steps, or the single fallback step. */
  steps: RawStep[];
  source: PlanSource;
  error?: string;
  /** Set when the first answer was unusable and the repair worked. */
  repairedIssue?: string;
  /** What every planner attempt cost together. */
  cost: PicoUsd;
  /** The planner model had no known price and was called without a budget. */
  unpriced?: boolean;
}

/** The single step used when decomposition fails (original: the task itself, general, 1000/1000 tokens). */
export function fallbackSteps(task: string): RawStep[] {
  return [
    {
      description: task,
      capability: 'general',
      estimatedInputTokens: 1000,
      estimatedOutputTokens: 1000,
      dependsOn: [],
    },
  ];
}

/**
 * One decomposition call (plus at most one repair call when the answer is unusable), budget-safe. Any failure
 * ends in the single-step fallback with the reason kept; only a missing API key and the caller's abort are
 * thrown, since a plan without the planner is not what the caller asked for then.
 */
export async function decomposeTask(options: DecomposeTaskOptions): Promise<Decomposition> {
  let cost = 0n;
  const fallback = (error: string): Decomposition => ({
    steps: fallbackSteps(options.task),
    source: 'fallback',
    error,
    cost,
    ...(options.modelInfo ? {} : { unpriced: true }),
  });
  const modelId = options.modelInfo?.id ?? options.modelId ?? 'the planner model';
  // Core's one rule for a model without a known price: refused under a budget (saying how to price it), else
  // called unpriced on its own unlimited budget.
  const unpriced = !options.modelInfo;
  const modelInfo: ModelInfo =
    options.modelInfo ??
    unpricedModel(modelId, {
      budgetApplies: options.budgetApplies !== false,
      maxOutputTokens: options.maxOutputTokens,
    });
  const budget = unpriced ? createBudget({ label: 'planner (unpriced)' }) : options.budget;
  const ask = async (prompt: Message[]): Promise<{ text: string } | { error: unknown }> => {
    try {
      const answer = await generateWithBudget({
        model: options.model,
        modelInfo,
        ...(unpriced ? { assumedPricing: UNPRICED_ASSUMED_PRICING } : {}),
        options: {
          prompt,
          temperature: 0.2,
          maxOutputTokens: options.maxOutputTokens,
          abortSignal: options.signal,
        },
        budget,
        minOutputTokens: options.minOutputTokens,
        retry: options.retry,
        countTokens: options.countTokens,
        reason: 'planner',
        onAttempt: (record: AttemptRecord) => {
          cost += record.cost;
          options.onAttempt(toLedgerEntry(record, 'planner'));
        },
      });
      return { text: getText(answer.result) };
    } catch (error) {
      if (LoadApiKeyError.isInstance(error) || options.signal?.aborted) throw error;
      return { error };
    }
  };

  const prompt = decompositionPrompt(options.task, options.maxSteps);
  const first = await ask(prompt);
  if ('error' in first) return fallback(`The planner call failed: ${oneLine(first.error)}`);
  const checked = check(first.text, options.maxSteps);
  if (checked.ok) return { steps: checked.steps, source: 'llm', cost, ...(unpriced ? { unpriced } : {}) };

  const second = await ask(repairPrompt(prompt, first.text, checked.issue));
  if ('error' in second) {
    return fallback(`Invalid plan (${checked.issue}); the repair call failed: ${oneLine(second.error)}`);
  }
  const repaired = check(second.text, options.maxSteps);
  if (repaired.ok) {
    return {
      steps: repaired.steps,
      source: 'llm',
      repairedIssue: checked.issue,
      cost,
      ...(unpriced ? { unpriced } : {}),
    };
  }
  return fallback(
    `Invalid plan after one repair attempt: ${repaired.issue} (first 100 chars: ${second.text.slice(0, 100)})`,
  );
}

function check(text: string, maxSteps: number): ReturnType<typeof validateRawSteps> {
  const parsed = extractJson(text);
  if (parsed === undefined) return { ok: false, issue: 'no JSON array found in the answer' };
  return validateRawSteps(parsed, maxSteps);
}

function oneLine(error: unknown): string {
  // describeError redacts anything that looks like a key and shortens the message.
  return describeError(error).message.split('\n')[0]!;
}
