import type { Router } from '@tokenwise/core';
import type { TaskRecord } from '@tokenwise/ledger';
import type { LanguageModelV1, ModelInfo, PicoUsd } from '@tokenwise/spec';
import type { BenchTask } from '../tasks/bench-task.js';
import type { BenchSeries } from './bench-series.js';
import { runTask } from './run-task.js';
import { runWithLimit } from './run-with-limit.js';
import type { TaskResult } from './task-result.js';

/** Options of {@link runPareto}. */
export interface RunParetoOptions {
  series: readonly BenchSeries[];
  tasks: readonly BenchTask[];
  models: readonly ModelInfo[];
  router: Router;
  languageModel(modelId: string): LanguageModelV1;
  budgetPerTask: PicoUsd;
  maxOutputTokens: number;
  /** Tasks in flight at once (default 4). */
  concurrency?: number;
  /** Most models the escalation strategy tries per task (default 3). */
  maxModelsPerTask?: number;
  minOutputTokens?: number;
  attemptTimeoutMs?: number;
  /** Called after each task, in completion order (progress display). */
  onResult?(result: TaskResult, done: number, total: number): void;
  /** Stores each task's ledger record (every attempt of the task); awaited, so a failing store fails the run. */
  record?(record: TaskRecord): Promise<void>;
  /** Id that ties the ledger records of one run together (default: the start time). */
  runId?: string;
  signal?: AbortSignal;
  /** Clock for latencies in milliseconds (default `performance.now`). */
  now?: () => number;
}

/**
 * Runs every task for every series, `concurrency` at a time, each task under its own budget, and returns one
 * result per (series, task) in series-then-task order. Every attempt of a task is written to the ledger as one
 * task record with source `bench`. After an abort, tasks that did not finish are left out of the results.
 */
export async function runPareto(options: RunParetoOptions): Promise<TaskResult[]> {
  const now = options.now ?? (() => performance.now());
  const runId = options.runId ?? new Date().toISOString();
  const jobs = options.series.flatMap((series) => options.tasks.map((task) => ({ series, task })));
  let done = 0;
  return runWithLimit(
    jobs,
    options.concurrency ?? 4,
    async ({ series, task }) => {
      const { result, ledger } = await runTask(
        {
          models: options.models,
          router: options.router,
          languageModel: options.languageModel,
          budgetPerTask: options.budgetPerTask,
          maxOutputTokens: options.maxOutputTokens,
          now,
          ...(options.maxModelsPerTask === undefined ? {} : { maxModelsPerTask: options.maxModelsPerTask }),
          ...(options.minOutputTokens === undefined ? {} : { minOutputTokens: options.minOutputTokens }),
          ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        },
        series,
        task,
      );
      if (options.record) {
        await options.record(
          ledger.toRecord({
            task: `bench pareto: ${series.id} · ${task.id}`,
            taskId: `bench:${runId}:${series.id}:${task.id}`,
            success: result.success,
            budget: options.budgetPerTask,
            source: 'bench',
          }),
        );
      }
      // a task cut short by an abort says nothing about the model: keep it in the ledger (money may have been
      // spent), leave it out of the results
      if (options.signal?.aborted && !result.success) return undefined;
      done++;
      options.onResult?.(result, done, jobs.length);
      return result;
    },
    options.signal,
  ).then((results) => results.filter((result): result is TaskResult => result !== undefined));
}
