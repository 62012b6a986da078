export type { BenchDeps, BenchIo, BenchLedger } from './bench-deps.js';
export { collectListFlag } from './collect-list-flag.js';
export { type ComposeBenchOptions, composeBenchDeps } from './compose-bench-deps.js';
export { type BenchCommandMeta, createBenchCommand } from './create-bench-command.js';
export { createParetoCommand } from './create-pareto-command.js';
export { CSV_COLUMNS, csvField, formatResultsCsv } from './output/format-results-csv.js';
export { formatSummaryTable } from './output/format-summary-table.js';
export { type RenderParetoSvgOptions, renderParetoSvg } from './output/render-pareto-svg.js';
export { dominates, type SeriesSummary, summarizeResults } from './output/summarize-results.js';
export {
  BENCH_STRATEGIES,
  type BenchSeries,
  type BenchStrategy,
  modelSeries,
  type RunParetoOptions,
  type RunTaskContext,
  runPareto,
  runTask,
  runWithLimit,
  strategySeries,
  type TaskResult,
  type TaskRun,
} from './run/index.js';
export { type PlanRunOptions, planRun, type SeriesPlan } from './run/plan-run.js';
export {
  type BenchTask,
  BUILTIN_TASKS,
  capabilityOfCategory,
  type KnownCategory,
  parseTaskFile,
  taskLineSchema,
  validatorSchema,
} from './tasks/index.js';
export {
  checkJavaScript,
  checkPython,
  extractCode,
  extractFinalNumber,
  extractJson,
  type ValidationResult,
  type Validator,
  validateAnswer,
} from './validators/index.js';
