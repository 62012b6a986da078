import {
  type Budget,
  createBudget,
  type ModelRegistry,
  type PromptTokenCounter,
  parseBudget,
  type ResolvedModel,
  type RetryPolicy,
} from '@tokenwise/core';
import { formatUsd, InvalidArgumentError, type ModelInfo, type PicoUsd } from '@tokenwise/spec';
import { repairDependencies } from '../dag/repair-dependencies.js';
import type { Plan } from '../types/plan.js';
import type { AttemptEntry } from '../types/plan-result.js';
import { assignModels } from './assign-models.js';
import { decomposeTask } from './decompose-task.js';
import { downgradeSteps } from './downgrade-plan.js';

/** The planner model used when none is configured (`TOKENWISE_PLANNER_MODEL`'s default). */
export const DEFAULT_PLANNER_MODEL = 'openai/gpt-4.1-mini';

/** The budget of `plan()` when none is given: $1, as in the original. */
export const DEFAULT_PLAN_BUDGET = 1_000_000_000_000n;

/** Options of {@link createPlanner}. */
export interface PlannerOptions {
  /** The catalog models are chosen from. */
  registry: Pick<ModelRegistry, 'get' | 'models'>;
  /** Core's provider resolver function (`resolver.resolve`): a catalog id → the language model to call. */
  resolve: (modelId: string) => Pick<ResolvedModel, 'model'>;
  /** An enclosing budget (process, API key) every plan's budget is drawn from. */
  budget?: Budget;
  /** The decomposition model: pass the config's `plannerModel` (default `openai/gpt-4.1-mini`). */
  plannerModel?: string;
  /**
   * Prices the planner model when `registry` does not list it: e.g. the bundled snapshot's entry when a local
   * models file replaces the catalog, or an entry built from the config's `model_overrides`. The catalog wins.
   */
  plannerModelInfo?: ModelInfo;
  /** Most steps a plan may have (default 20). */
  maxSteps?: number;
  /** max_tokens of the decomposition call (default 2000). */
  maxOutputTokens?: number;
  /** `TOKENWISE_MIN_OUTPUT_TOKENS` (default 100). */
  minOutputTokens?: number;
  /** Same-model retries of the planner call (default core's `retryPolicy()`). */
  retry?: RetryPolicy;
  countTokens?: PromptTokenCounter;
  /** Every planner attempt, as it ends (e.g. `ledger.add`). */
  onAttempt?: (entry: AttemptEntry) => void;
  /** Clock in epoch ms (tests). */
  now?: () => number;
}

/** Options of one {@link Planner.plan} call. */
export interface PlanOptions {
  /** The whole task's ceiling (planning and execution): USD number or string, or pico-USD. Default $1. */
  budget?: PicoUsd | number | string;
  signal?: AbortSignal;
  /** Planner attempts of this call, in addition to the planner's `onAttempt`. */
  onAttempt?: (entry: AttemptEntry) => void;
}

/** Turns a task into a budgeted plan. */
export interface Planner {
  /**
   * Decomposes `task` with one planner call (plus at most one repair), validates and repairs the dependency
   * graph, assigns each step the cheapest capable model within its share of what the planner left of the
   * budget, and downgrades the most expensive steps when the estimate is over budget. A plan that still does not
   * fit says so (`withinBudget: false` and a note). The planner's cost is charged to the same budget.
   * @throws InvalidArgumentError for an empty task or a bad budget, or when a budget applies and the planner
   * model has no known price (neither in the catalog nor in `plannerModelInfo`); LoadApiKeyError when the planner model's
   * provider has no key; NoSuchProviderError when no provider serves the planner model; the abort reason when
   * `signal` aborts; NoRouteError when no priced model can do a step.
   */
  plan(task: string, options?: PlanOptions): Promise<Plan>;
}

/** Creates a planner. */
export function createPlanner(options: PlannerOptions): Planner {
  const plannerModel = options.plannerModel ?? DEFAULT_PLANNER_MODEL;
  const maxSteps = options.maxSteps ?? 20;
  const now = options.now ?? Date.now;
  if (!Number.isSafeInteger(maxSteps) || maxSteps < 1) {
    throw new InvalidArgumentError({
      argument: 'maxSteps',
      message: `maxSteps must be a positive integer like 20 (got ${maxSteps}).`,
    });
  }

  return {
    async plan(task, planOptions = {}) {
      const text = typeof task === 'string' ? task.trim() : '';
      if (text === '') {
        throw new InvalidArgumentError({
          argument: 'task',
          message: 'The task is empty: describe what to do.',
        });
      }
      const limit = planOptions.budget === undefined ? DEFAULT_PLAN_BUDGET : parseBudget(planOptions.budget);
      const budget = createBudget({ limit, label: 'plan', parent: options.budget });
      const report = (entry: AttemptEntry) => {
        for (const listener of [options.onAttempt, planOptions.onAttempt]) {
          try {
            listener?.(entry);
          } catch {
            // An observer's failure must not change the plan.
          }
        }
      };

      // A bare id (`gpt-4.1-mini`) is accepted as the resolver accepts it.
      const plannerInfo =
        options.registry.get(plannerModel) ??
        (plannerModel.includes('/')
          ? undefined
          : options.registry.models().find((model) => model.id.endsWith(`/${plannerModel}`))) ??
        (options.plannerModelInfo?.pricing !== undefined ? options.plannerModelInfo : undefined);
      const decomposition = await decomposeTask({
        task: text,
        model: options.resolve(plannerInfo?.id ?? plannerModel).model,
        modelId: plannerInfo?.id ?? plannerModel,
        modelInfo: plannerInfo,
        budget,
        // A caller that names no budget (here or enclosing) gets the unpriced planner called anyway.
        budgetApplies: planOptions.budget !== undefined || options.budget !== undefined,
        maxSteps,
        maxOutputTokens: options.maxOutputTokens ?? 2000,
        minOutputTokens: options.minOutputTokens,
        retry: options.retry,
        countTokens: options.countTokens,
        signal: planOptions.signal,
        now,
        onAttempt: report,
      });

      const notes: string[] = [];
      if (decomposition.unpriced) {
        notes.push(
          `The planner model ${plannerModel} has no known price: its call was made without a budget and its cost is not counted.`,
        );
      }
      if (decomposition.repairedIssue) {
        notes.push(
          `The first decomposition was unusable (${decomposition.repairedIssue}); the repair worked.`,
        );
      }
      const dag = repairDependencies(decomposition.steps.map((step) => step.dependsOn));
      notes.push(...dag.notes);
      const ordered = dag.order.map((index, position) => ({
        ...decomposition.steps[index]!,
        dependsOn: dag.dependencies[position]!.map((dependency) => dependency + 1),
      }));

      const plannerCost = decomposition.cost;
      const available = limit > plannerCost ? limit - plannerCost : 0n;
      const models = options.registry.models();
      const assigned = assignModels(ordered, models, available);
      notes.push(...assigned.notes);
      let steps = assigned.steps;
      let total = steps.reduce((sum, step) => sum + step.estimatedCost, 0n);
      if (total > available) {
        const downgraded = downgradeSteps(steps, models, available);
        steps = downgraded.steps;
        total = downgraded.totalEstimatedCost;
        notes.push(...downgraded.notes);
      }
      const withinBudget = total <= available;
      if (!withinBudget) {
        notes.push(
          `Over budget: the steps are estimated at ${formatUsd(total)} but only ${formatUsd(available)} of the ${formatUsd(limit)} budget is left after planning (${formatUsd(plannerCost)}). Raise the budget or simplify the task; execution will stop when the money runs out.`,
        );
      }
      const plan: Plan = {
        task: text,
        steps,
        budget: limit,
        plannerCost,
        totalEstimatedCost: total,
        withinBudget,
        source: decomposition.source,
        notes,
      };
      if (decomposition.error !== undefined) plan.error = decomposition.error;
      return plan;
    },
  };
}
