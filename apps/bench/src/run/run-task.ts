import {
  createBudget,
  createCallEngine,
  escalationCandidates,
  getText,
  noRetry,
  type Router,
} from '@tokenwise/core';
import { type CostLedger, createCostLedger, redactErrorMessage } from '@tokenwise/ledger';
import {
  AnswerRejectedError,
  type AttemptRecord,
  type LanguageModelV1,
  type ModelInfo,
  NoSuchModelError,
  type PicoUsd,
  type Prompt,
  type Strategy,
  toLedgerEntry,
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
    ledger.add(toLedgerEntry(record, `bench ${series.id} ${task.id} attempt ${record.attempt}`));
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
  const escalates = series.kind === 'strategy' && series.strategy === 'escalation';
  if (model !== undefined && !context.signal?.aborted) {
    const first = model;
    // One engine call: the escalation series climbs while the validator rejects answers (or calls fail);
    // every other series measures one model's own answer.
    const engine = createCallEngine({
      resolve: (modelId) => context.languageModel(modelId),
      // a benchmark measures each model's own answer: no silent same-model retries
      retry: noRetry(),
      ...(context.minOutputTokens === undefined ? {} : { minOutputTokens: context.minOutputTokens }),
      ...(context.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: context.attemptTimeoutMs }),
      now: context.now,
    });
    try {
      const answer = await engine.generate({
        options: {
          prompt,
          maxOutputTokens,
          ...(context.signal === undefined ? {} : { abortSignal: context.signal }),
        },
        candidates: escalationCandidates({
          models: () => context.models,
          first: { info: first },
          capabilities: [capability],
          expectedOutputTokens: maxOutputTokens,
          ...(context.minOutputTokens === undefined ? {} : { minOutputTokens: context.minOutputTokens }),
          policy: 'monotonic',
          maxEscalations: escalates ? (context.maxModelsPerTask ?? DEFAULT_MAX_MODELS) - 1 : 0,
        }),
        budget,
        failover: escalates,
        reason: `bench ${series.id} ${task.id}`,
        onAttempt: (record) => {
          if (record.called) tried.push(record.modelId);
          modelUsed = record.modelId;
          onAttempt(record);
        },
        accept: (result) => {
          const verdict = validateAnswer(task.validator, getText(result));
          return verdict.ok ? undefined : `validator: ${verdict.reason}`;
        },
      });
      modelUsed = answer.modelInfo.id;
      success = true;
    } catch (caught) {
      error = AnswerRejectedError.isInstance(caught) ? caught.message : describe(caught);
    }
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
    escalated: new Set(tried).size > 1,
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
  return redactErrorMessage(`${name}: ${message}`).slice(0, 300);
}
