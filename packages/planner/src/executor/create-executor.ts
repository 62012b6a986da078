import {
  type Budget,
  type CallEngine,
  costOf,
  countToolTokens,
  createBudget,
  createCallEngine,
  DEFAULT_MIN_OUTPUT_TOKENS,
  type EscalationPolicy,
  type ModelRegistry,
  type PromptTokenCounter,
  type ResolvedModel,
  type RetryPolicy,
} from '@tokenwise/core';
import { InvalidArgumentError, type PicoUsd, type Tier } from '@tokenwise/spec';
import { findDependencyProblem } from '../dag/find-dependency-problem.js';
import type { ExecutorEvent } from '../types/executor-event.js';
import type { Plan, PlanStep } from '../types/plan.js';
import type {
  AttemptEntry,
  EscalationRecord,
  PlanResult,
  RoutingTrace,
  SkippedStep,
  StepResult,
  TerminationState,
} from '../types/plan-result.js';
import { buildStepPrompt } from './build-step-prompt.js';
import { failedStepResult, runStep, type StepRunContext } from './run-step.js';
import type { StepValidator } from './step-validator.js';

/** Options of {@link createExecutor}. */
export interface ExecutorOptions {
  registry: Pick<ModelRegistry, 'get' | 'models'>;
  /**
   * The call engine every step goes through (the app's one engine, sharing its settings, model health and
   * records). Without it the executor builds one from `resolve` and the options below.
   */
  engine?: CallEngine;
  /** Core's provider resolver function (`resolver.resolve`); needed without `engine`. */
  resolve?: (modelId: string) => Pick<ResolvedModel, 'model'>;
  /**
   * `TOKENWISE_ESCALATION_POLICY`: `flexible` (default, as the original) lets a failed step move to another model
   * of its tier or a stronger one; `monotonic` only to a strictly stronger tier. Default: the engine's policy.
   */
  escalationPolicy?: EscalationPolicy;
  /** An enclosing budget (process, API key) every run's budget is drawn from. */
  budget?: Budget;
  /** `TOKENWISE_MIN_OUTPUT_TOKENS`: a call that cannot pay for this much output fails unsent (default 100). */
  minOutputTokens?: number;
  /** `TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS`: output reserved for a step without its own max_tokens (default 4,096). */
  defaultMaxOutputTokens?: number;
  /** Same-model retries on 429, 5xx and timeouts (default core's `retryPolicy()`: 2 retries, backoff). */
  retry?: RetryPolicy;
  countTokens?: PromptTokenCounter;
  /** Timeout of each attempt in ms (a timed-out attempt is retried like a 5xx). */
  attemptTimeoutMs?: number;
  /** Most escalations per step (default 2: budget → mid → flagship). */
  maxEscalations?: number;
  /** Tokens of dependency output a step's prompt may carry (default 2000, split between its dependencies). */
  contextTokens?: number;
  /** Clock in epoch ms (tests). */
  now?: () => number;
  /** Request ids of traces (default: 12 hex characters of a random UUID). */
  generateId?: () => string;
}

/** Options of one {@link Executor.execute} call. */
export interface ExecuteOptions {
  /** Steps running at once (default 4). */
  concurrency?: number;
  /** Aborts in-flight calls (their reservations are released) and skips the steps not started. */
  signal?: AbortSignal;
  /** Live progress: step start, retry, escalation, attempt, finish, skip. */
  onEvent?: (event: ExecutorEvent) => void;
  /** Every attempt as it ends, ledger-shaped (pass `ledger.add`). */
  onAttempt?: (entry: AttemptEntry) => void;
  /** Checks each answer; a rejection fails the attempt and may escalate. */
  validate?: StepValidator;
  /** Fail (and escalate) an answer cut at max_tokens (`length` finish). Default false. */
  requireComplete?: boolean;
  /**
   * max_tokens asked for a step, before the clamps to its fair share of the budget, to what the budget pays for
   * and to the model's output limit. Default: none, so only those clamps apply (a step is not cut at the
   * planner's estimate).
   */
  maxOutputTokens?: number | ((step: PlanStep) => number | undefined);
  temperature?: number;
}

/** Runs plans. */
export interface Executor {
  /**
   * Runs the plan's DAG under ONE budget: `plan.budget` minus what planning spent. Every attempt reserves its
   * worst case before calling, with max_tokens clamped to what the reservation pays for and to the model's
   * output limit, and settles to the actual usage, so the total never exceeds the budget at any concurrency.
   * A step starts when all its dependencies succeeded and sees only their outputs; a step whose dependency
   * failed is skipped with the reason. Resolves (never rejects for step failures or an abort) with per-step
   * results, every attempt, costs and the routing trace; `trace.terminationState` tells how it ended.
   * Rejects only with an InvalidArgumentError for a bad `concurrency`.
   */
  execute(plan: Plan, options?: ExecuteOptions): Promise<PlanResult>;
}

/** Creates an executor. */
export function createExecutor(options: ExecutorOptions): Executor {
  const minOutputTokens = options.minOutputTokens ?? DEFAULT_MIN_OUTPUT_TOKENS;
  const { countTokens, resolve } = options;
  const engine =
    options.engine ??
    createCallEngine({
      ...(resolve === undefined ? {} : { resolve: (modelId) => resolve(modelId).model }),
      minOutputTokens,
      ...(options.defaultMaxOutputTokens === undefined
        ? {}
        : { defaultMaxOutputTokens: options.defaultMaxOutputTokens }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(countTokens === undefined
        ? {}
        : {
            countInputTokens: (call, context) =>
              countTokens(call.prompt, context) + countToolTokens(call, context),
          }),
      ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
      ...(options.escalationPolicy === undefined ? {} : { escalationPolicy: options.escalationPolicy }),
      ...(options.now === undefined ? {} : { now: options.now }),
      source: 'cli',
    });
  const policy = options.escalationPolicy ?? engine.escalationPolicy;
  const maxEscalations = options.maxEscalations ?? 2;
  const contextTokens = options.contextTokens ?? 2000;
  const generateId = options.generateId ?? (() => crypto.randomUUID().replaceAll('-', '').slice(0, 12));
  for (const [name, value, min] of [
    ['minOutputTokens', minOutputTokens, 1],
    ['maxEscalations', maxEscalations, 0],
    ['contextTokens', contextTokens, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError({
        argument: name,
        message: `${name} must be an integer of at least ${min} (got ${value}).`,
      });
    }
  }

  return {
    execute(plan, executeOptions = {}) {
      const concurrency = executeOptions.concurrency ?? 4;
      if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
        return Promise.reject(
          new InvalidArgumentError({
            argument: 'concurrency',
            message: `concurrency must be a positive integer like 4 (got ${concurrency}).`,
          }),
        );
      }
      const available = plan.budget > plan.plannerCost ? plan.budget - plan.plannerCost : 0n;
      const budget = createBudget({ limit: available, label: 'plan', parent: options.budget });
      const entries: AttemptEntry[] = [];
      const escalations: EscalationRecord[] = [];
      const emit = (event: ExecutorEvent) => {
        try {
          executeOptions.onEvent?.(event);
        } catch {
          // A progress display's failure must not break the run or its accounting.
        }
      };
      const maxOutput = executeOptions.maxOutputTokens;
      const context: StepRunContext = {
        engine,
        models: () => options.registry.models(),
        getModel: (id) => options.registry.get(id),
        budget,
        minOutputTokens,
        policy,
        maxOutputTokens: (step) => (typeof maxOutput === 'function' ? maxOutput(step) : maxOutput),
        temperature: executeOptions.temperature,
        requireComplete: executeOptions.requireComplete ?? false,
        validate: executeOptions.validate,
        maxEscalations,
        ...(executeOptions.signal === undefined ? {} : { signal: executeOptions.signal }),
        report(stepId, entry) {
          entries.push(entry);
          try {
            executeOptions.onAttempt?.(entry);
          } catch {
            // Same as onEvent: observers never break the accounting.
          }
          emit({ type: 'attempt', stepId, entry });
        },
        emit,
        escalations,
      };
      return schedule(plan, concurrency, context, contextTokens).then(({ results, skipped }) =>
        summarize({
          plan,
          results,
          skipped,
          entries,
          escalations,
          requestId: generateId(),
          policy,
          signal: context.signal,
          tierOf: (id) => options.registry.get(id)?.tier,
        }),
      );
    },
  };
}

/** Runs the DAG with at most `concurrency` steps at once (internal). */
function schedule(
  plan: Plan,
  concurrency: number,
  context: StepRunContext,
  contextTokens: number,
): Promise<{ results: Map<number, StepResult>; skipped: SkippedStep[] }> {
  const results = new Map<number, StepResult>();
  const skipped: SkippedStep[] = [];
  const problem = findDependencyProblem(plan.steps);
  if (problem) {
    for (const step of plan.steps) {
      skipped.push({ step, reason: problem });
      context.emit({ type: 'step-skip', stepId: step.id, reason: problem });
    }
    return Promise.resolve({ results, skipped });
  }
  const pending = new Map(plan.steps.map((step) => [step.id, step]));
  const running = new Set<number>();
  const weights = new Map(plan.steps.map((step) => [step.id, weightOf(step, context)]));
  // Weight of the steps that have not sized an attempt yet. A step leaves it when it sizes its first attempt
  // (synchronously with its reservation), not when it starts: steps started together would otherwise all see
  // the others as already served and the first to reserve would take everything.
  let pendingWeight = 0n;
  for (const weight of weights.values()) pendingWeight += weight;
  const unsized = new Set(plan.steps.map((step) => step.id));
  const leavePending = (step: PlanStep) => {
    if (unsized.delete(step.id)) pendingWeight -= weights.get(step.id)!;
  };
  /** What `step` may reserve: what is left, split by weight between it and the steps not sized yet. */
  const shareOf = (step: PlanStep): PicoUsd | undefined => {
    leavePending(step);
    const remaining = context.budget.remaining();
    if (remaining === undefined) return undefined;
    const weight = weights.get(step.id)!;
    return (remaining * weight) / (weight + pendingWeight);
  };

  // Event-driven bookkeeping, O(edges) per run: each step counts its dependencies not yet succeeded; a
  // success readies its dependents, a failure or skip skips them (with the reason, cascading).
  const indexOf = new Map(plan.steps.map((step, index) => [step.id, index]));
  const dependents = new Map<number, PlanStep[]>(plan.steps.map((step) => [step.id, []]));
  const unmet = new Map<number, number>();
  for (const step of plan.steps) {
    const distinct = new Set(step.dependsOn);
    unmet.set(step.id, distinct.size);
    for (const id of distinct) dependents.get(id)!.push(step);
  }
  /** Steps whose dependencies all succeeded, in plan order. */
  const ready: PlanStep[] = plan.steps.filter((step) => unmet.get(step.id) === 0);

  return new Promise((resolve) => {
    const skip = (step: PlanStep, reason: string, cascade: boolean) => {
      if (!pending.delete(step.id)) return;
      leavePending(step);
      skipped.push({ step, reason });
      context.emit({ type: 'step-skip', stepId: step.id, reason });
      if (cascade) {
        for (const dependent of dependents.get(step.id)!) {
          skip(dependent, `Dependency step ${step.id} was skipped.`, true);
        }
      }
    };
    const makeReady = (step: PlanStep) => {
      const index = indexOf.get(step.id)!;
      let at = ready.length;
      while (at > 0 && indexOf.get(ready[at - 1]!.id)! > index) at--;
      ready.splice(at, 0, step);
    };
    const pump = () => {
      if (context.signal?.aborted) {
        ready.length = 0;
        for (const step of [...pending.values()]) {
          skip(step, 'Aborted by the caller before the step started.', false);
        }
      }
      while (running.size < concurrency && ready.length > 0) {
        const step = ready.shift()!;
        if (!pending.has(step.id)) continue;
        pending.delete(step.id);
        running.add(step.id);
        start(step);
      }
      if (running.size === 0 && pending.size === 0) resolve({ results, skipped });
    };
    const finish = (step: PlanStep, result: StepResult) => {
      leavePending(step);
      results.set(step.id, result);
      running.delete(step.id);
      context.emit({ type: 'step-finish', result });
      // After an abort, pump() skips everything left with the abort as the reason.
      const settle = context.signal?.aborted ? [] : dependents.get(step.id)!;
      for (const dependent of settle) {
        if (!result.success) skip(dependent, `Dependency step ${step.id} failed.`, true);
        else {
          const left = unmet.get(dependent.id)! - 1;
          unmet.set(dependent.id, left);
          if (left === 0 && pending.has(dependent.id)) makeReady(dependent);
        }
      }
      pump();
    };
    const start = (step: PlanStep) => {
      context.emit({ type: 'step-start', stepId: step.id, modelId: step.modelId });
      const prompt = buildStepPrompt(
        step,
        step.dependsOn.map((id) => ({ stepId: id, output: results.get(id)!.output })),
        contextTokens,
      );
      runStep(context, step, prompt, () => shareOf(step))
        .catch((error: unknown) =>
          failedStepResult(
            step,
            'model_error',
            `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .then((result) => finish(step, result));
    };
    pump();
  });
}

/** A step's weight in budget shares: its estimated cost, else its tokens priced on its model, at least 1. */
function weightOf(step: PlanStep, context: StepRunContext): PicoUsd {
  if (step.estimatedCost > 0n) return step.estimatedCost;
  const model = context.getModel(step.modelId);
  const cost = model
    ? costOf(model, { inputTokens: step.estimatedInputTokens, outputTokens: step.estimatedOutputTokens })
    : undefined;
  return cost !== undefined && cost > 0n ? cost : 1n;
}

/** Builds the run's result and trace (internal). */
function summarize(input: {
  plan: Plan;
  results: Map<number, StepResult>;
  skipped: SkippedStep[];
  entries: AttemptEntry[];
  escalations: EscalationRecord[];
  requestId: string;
  policy: RoutingTrace['escalationPolicy'];
  signal: AbortSignal | undefined;
  tierOf: (modelId: string) => Tier | undefined;
}): PlanResult {
  const { plan, entries, tierOf } = input;
  const stepResults = [...input.results.values()].sort((a, b) => a.stepId - b.stepId);
  const skippedSteps = [...input.skipped].sort((a, b) => a.step.id - b.step.id);
  let executionCost: PicoUsd = 0n;
  let wastedCost: PicoUsd = 0n;
  for (const entry of entries) {
    executionCost += entry.cost;
    if (!entry.success) wastedCost += entry.cost;
  }
  const totalCost = plan.plannerCost + executionCost;
  const budgetRemaining = plan.budget > totalCost ? plan.budget - totalCost : 0n;
  const success = stepResults.length === plan.steps.length && stepResults.every((result) => result.success);
  const finalOutput =
    [...stepResults].reverse().find((result) => result.success && result.output !== '')?.output ?? '';

  let terminationState: TerminationState = 'completed';
  if (input.signal?.aborted) terminationState = 'aborted';
  else if (!success) {
    const exhausted =
      budgetRemaining === 0n || stepResults.some((result) => result.failure === 'budget_exhausted');
    terminationState = exhausted ? 'exhausted' : 'failed';
  }
  const firstStep = plan.steps[0];
  const lastResult = stepResults.at(-1);
  return {
    task: plan.task,
    budget: plan.budget,
    success,
    stepResults,
    skippedSteps,
    totalCost,
    plannerCost: plan.plannerCost,
    wastedCost,
    budgetRemaining,
    finalOutput,
    ledger: { entries, totalCost: executionCost, wastedCost },
    trace: {
      requestId: input.requestId,
      initialModel: firstStep?.modelId ?? '',
      initialTier: firstStep ? tierOf(firstStep.modelId) : undefined,
      finalModel: lastResult?.modelId ?? '',
      finalTier: lastResult ? tierOf(lastResult.modelId) : undefined,
      escalations: input.escalations,
      escalationPolicy: input.policy,
      terminationState,
      budgetUsed: totalCost,
      budgetRemaining,
    },
  };
}
