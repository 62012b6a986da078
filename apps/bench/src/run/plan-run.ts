import { type CountPromptTokensOptions, countPromptTokens, createBudget, planCall } from '@tokenwise/core';
import { BudgetExceededError, type ModelInfo, type PicoUsd, type Prompt } from '@tokenwise/spec';
import type { BenchTask } from '../tasks/bench-task.js';
import type { BenchSeries } from './bench-series.js';

/** What one series would do, before anything is spent. */
export interface SeriesPlan {
  series: string;
  kind: BenchSeries['kind'];
  tasks: number;
  /** Most calls the series can make (escalation can call several models per task). */
  maxCalls: number;
  /** The most the series can spend: per task, the worst case of its call(s), never above the task budget. */
  worstCase: PicoUsd;
  /** Tasks a direct model cannot even start under the budget (input plus minimum output does not fit). */
  refusedTasks: number;
}

/** Options of {@link planRun}. */
export interface PlanRunOptions {
  series: readonly BenchSeries[];
  tasks: readonly BenchTask[];
  models: readonly ModelInfo[];
  budgetPerTask: PicoUsd;
  maxOutputTokens: number;
  maxModelsPerTask?: number;
  minOutputTokens?: number;
  countTokens?: (prompt: string | Prompt, options: CountPromptTokensOptions) => number;
}

/**
 * The dry run: the worst-case cost of every series without calling anything. A direct model's worst case per
 * task is what its reservation would hold (counted input + max_tokens clamped to the budget); a strategy picks
 * its model per task at run time, so its worst case is the whole per-task budget.
 */
export function planRun(options: PlanRunOptions): SeriesPlan[] {
  return options.series.map((series) => {
    if (series.kind === 'strategy') {
      const perTask = series.strategy === 'escalation' ? (options.maxModelsPerTask ?? 3) : 1;
      return {
        series: series.id,
        kind: series.kind,
        tasks: options.tasks.length,
        maxCalls: options.tasks.length * perTask,
        worstCase: options.budgetPerTask * BigInt(options.tasks.length),
        refusedTasks: 0,
      };
    }
    const model = options.models.find((candidate) => candidate.id === series.modelId);
    let worstCase = 0n;
    let refusedTasks = 0;
    for (const task of options.tasks) {
      if (!model) {
        refusedTasks++;
        continue;
      }
      try {
        const plan = planCall({
          model,
          prompt: [{ role: 'user', content: [{ type: 'text', text: task.prompt }] }],
          maxOutputTokens: task.maxOutputTokens ?? options.maxOutputTokens,
          budget: createBudget({ limit: options.budgetPerTask }),
          ...(options.minOutputTokens === undefined ? {} : { minOutputTokens: options.minOutputTokens }),
          countTokens:
            options.countTokens ?? ((prompt, { modelId }) => countPromptTokens(prompt, { modelId })),
        });
        worstCase += plan.worstCase;
      } catch (error) {
        if (!BudgetExceededError.isInstance(error)) throw error;
        refusedTasks++;
      }
    }
    return {
      series: series.id,
      kind: series.kind,
      tasks: options.tasks.length,
      maxCalls: options.tasks.length - refusedTasks,
      worstCase,
      refusedTasks,
    };
  });
}
