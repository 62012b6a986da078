export { createProxyApp, type ProxyApp } from './create-proxy-app.js';
export type { BudgetBurndown } from './dashboard/budget-burndown.js';
export type { DashboardDeps, DashboardLedger } from './dashboard/dashboard-deps.js';
export { registerDashboardRoutes } from './dashboard/register-dashboard-routes.js';
export type { ChatCompletionRequest } from './dialects/openai/request-schema.js';
export { type OpenAIErrorBody, type OpenAIErrorType, OpenAIHttpError } from './errors/openai-http-error.js';
export { toOpenAIError } from './errors/to-openai-error.js';
export type { ProxyTrace } from './execution/proxy-trace.js';
export { createFailedModels, type FailedModels, type FailedModelsOptions } from './failover/failed-models.js';
export type { ProxyLedgerRecord, ProxyOutcome } from './ledger/proxy-ledger-record.js';
export type {
  ProxyBudget,
  ProxyDeps,
  ProxyLedger,
  ProxyLogger,
  ProxyMetrics,
  ProxyModelRegistry,
  ProxyReservation,
  ProxyRouteOptions,
  ProxyRouter,
  ResolvedModel,
} from './proxy-deps.js';
export { createMetricsApp, registerMetricsRoute } from './routes/metrics.js';
