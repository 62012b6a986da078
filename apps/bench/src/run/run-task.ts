import {
  type AttemptRecord,
  countPromptTokens,
  createBudget,
  generateWithBudget,
  getText,
  nextCandidates,
  noRetry,
  type Router,
} from '@tokenwise/core';
import { type CostLedger, createCostLedger, redactSecrets } from '@tokenwise/ledger';
import {
  type LanguageModelV1,
  type ModelInfo,
  NoSuchModelError,
  type PicoUsd,
  type Prompt,
  type Strategy,
} from '@tokenwise/spec';
import { type BenchTask, capabilityOfCategory } from '../tasks/bench-task.js';
import { validateAnswer } from '../validators/validate-answer.js';
import type { BenchSeries } from './bench-series.js';
import type { TaskResult } from './task-result.js';

/** What running one task needs (shared by every task of a run). */
export interface RunTaskContext {
  /** The catalog the router, escalation and direct models are priced from. */
  models: readonly ModelInfo[];
  router: Router;
  /** The callable model for a catalog id (the provider resolver). */
  languageModel(modelId: string): LanguageModelV1;
  budgetPerTask: PicoUsd;
  /** max_tokens of every call unless the task sets its own. */
  maxOutputTokens: number;
  /** Most models the escalation strategy tries per task (default 3). */
  maxModelsPerTask?: number;
  minOutputTokens?: number;
  /** Per-attempt timeout in milliseconds. */
  attemptTimeoutMs?: number;
  signal?: AbortSignal;
  now: () => number;
}

/** A task's result plus its ledger of attempts. */
export interface TaskRun {
  result: TaskResult;
  ledger: CostLedger;
}

const DEFAULT_MAX_MODELS = 3;

/**
 * Runs one task for one series under its own budget: every attempt reserves its worst case from the task budget
 * before calling, so the task can never spend more than `budgetPerTask`. A direct model and the three router
 * strategies make one call; `escalation` starts with the cheapest capable model and, while the answer fails the
 * validator (or the call fails), climbs to the next tier's cheapest model the remaining budget can pay for.
 * Never throws for a failed call or route: the result says what went wrong.
 */
export async function runTask(
  context: RunTaskContext,
  series: BenchSeries,
  task: BenchTask,
): Promise<TaskRun> {
  const budget = createBudget({ limit: context.budgetPerTask, label: 'task' });
  const ledger = createCostLedger();
  const prompt: Prompt = [{ role: 'user', content: [{ type: 'text', text: task.prompt }] }];
  const maxOutputTokens = task.maxOutputTokens ?? context.maxOutputTokens;
  const capability = task.capability ?? capabilityOfCategory(task.category);
  const started = context.now();
  const tried: string[] = [];
  let calls = 0;
  let success = false;
  let error: string | undefined;
  let modelUsed: string | undefined;

  const onAttempt = (record: AttemptRecord) => {
    if (record.called) calls++;
    ledger.add({
      reason: `bench ${series.id} ${task.id} attempt ${tried.length}`,
      modelId: record.modelId,
      providerId: record.provider,
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      ...(record.cachedInputTokens === undefined ? {} : { cachedInputTokens: record.cachedInputTokens }),
      ...(record.reasoningTokens === undefined ? {} : { reasoningTokens: record.reasoningTokens }),
      cost: record.cost,
      estimatedCost: record.estimatedCost,
      usageEstimated: record.costSource === 'estimate' || record.costSource === 'worst-case',
      success: record.success,
      ...(record.error ? { errorClass: record.error.name, errorMessage: record.error.message } : {}),
      latencyMs: record.latencyMs,
    });
  };

  let model: ModelInfo | undefined;
  try {
    model = firstModel(context, series, task.prompt, {
      capability,
      maxOutputTokens,
      budget: context.budgetPerTask,
    });
  } catch (caught) {
    error = describe(caught);
  }
  const maxModels =
    series.kind === 'strategy' && series.strategy === 'escalation'
      ? (context.maxModelsPerTask ?? DEFAULT_MAX_MODELS)
      : 1;

  while (model !== undefined && !context.signal?.aborted) {
    tried.push(model.id);
    modelUsed = model.id;
    try {
      const answer = await generateWithBudget({
        model: context.languageModel(model.id),
        modelInfo: model,
        options: {
          prompt,
          maxOutputTokens,
          ...(context.signal === undefined ? {} : { abortSignal: context.signal }),
        },
        budget,
        // a benchmark measures each model's own answer: no silent same-model retries
        retry: noRetry(),
        onAttempt,
        reason: `bench ${series.id} ${task.id}`,
        ...(context.minOutputTokens === undefined ? {} : { minOutputTokens: context.minOutputTokens }),
        ...(context.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: context.attemptTimeoutMs }),
      });
      const verdict = validateAnswer(task.validator, getText(answer.result));
      if (verdict.ok) {
        success = true;
        error = undefined;
        break;
      }
      error = `validator: ${verdict.reason}`;
    } catch (caught) {
      error = describe(caught);
    }
    if (tried.length >= maxModels) break;
    const remaining = budget.remaining();
    model = nextCandidates(context.models, {
      current: model,
      capabilities: [capability],
      inputTokens: countPromptTokens(prompt, { modelId: model.id }),
      exclude: tried,
      ...(remaining === undefined ? {} : { remainingBudget: remaining }),
      ...(context.minOutputTokens === undefined ? {} : { minOutputTokens: context.minOutputTokens }),
      expectedOutputTokens: maxOutputTokens,
    })[0];
  }

  const cost = ledger.totalCost;
  const result: TaskResult = {
    series: series.id,
    seriesKind: series.kind,
    taskId: task.id,
    category: task.category,
    success,
    cost,
    budget: context.budgetPerTask,
    modelUsed,
    escalated: tried.length > 1,
    calls,
    latencyMs: Math.max(0, context.now() - started),
    budgetViolation: cost > context.budgetPerTask || budget.exceeded,
  };
  if (error !== undefined) result.error = error;
  return { result, ledger };
}

function firstModel(
  context: RunTaskContext,
  series: BenchSeries,
  text: string,
  options: { capability: ModelInfo['capabilities'][number]; maxOutputTokens: number; budget: PicoUsd },
): ModelInfo {
  if (series.kind === 'model') {
    const found = context.models.find((model) => model.id === series.modelId);
    if (!found) throw new NoSuchModelError({ modelId: series.modelId });
    return found;
  }
  const strategy: Strategy = series.strategy === 'escalation' ? 'cheapest' : series.strategy;
  return context.router.route(text, {
    strategy,
    budget: options.budget,
    capability: options.capability,
    maxOutputTokens: options.maxOutputTokens,
  }).model;
}

function describe(error: unknown): string {
  const name = error instanceof Error ? error.name.replace(/^Tokenwise/, '') : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(`${name}: ${message}`).replace(/\s+/g, ' ').slice(0, 300);
}
