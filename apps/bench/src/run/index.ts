export {
  BENCH_STRATEGIES,
  type BenchSeries,
  type BenchStrategy,
  modelSeries,
  strategySeries,
} from './bench-series.js';
export { type RunParetoOptions, runPareto } from './run-pareto.js';
export { type RunTaskContext, runTask, type TaskRun } from './run-task.js';
export { runWithLimit } from './run-with-limit.js';
export type { TaskResult } from './task-result.js';
