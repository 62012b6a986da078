export type { CatalogStatus, CliDeps, CliIo, OpenedLedger, RunningServer } from './cli-deps.js';
export { CliFailure, describeFileError } from './cli-failure.js';
export { COMMAND_NAMES, createCli } from './create-cli.js';
export { EXIT_CODES, exitCodeFor, isAbortError, isUsageError } from './exit-codes.js';
export { shouldUseColor } from './output/create-colors.js';
export type { ModelJson } from './output/model-json.js';
export {
  createSvgChart,
  escapeXml,
  renderSpendSvg,
  type SvgChart,
  type SvgChartOptions,
  type SvgPlotArea,
} from './output/svg/index.js';
export type {
  CliAttempt,
  CliPlan,
  CliPlanEvent,
  CliPlanResult,
  CliPlanStep,
  CliStepResult,
  CliTrace,
  PlanService,
} from './plan/plan-service.js';
export { ReportedFailure } from './reported-failure.js';
export { runCli } from './run-cli.js';
