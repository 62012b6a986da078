export { type AdminRoutesDeps, registerAdminRoutes } from './admin/register-admin-routes.js';
export {
  authenticateVirtualKey,
  budgetRefusal,
  checkPrincipalAllows,
  type PrincipalResult,
  type VirtualKeyPrincipal,
  type VirtualKeyRefusal,
  type VirtualKeyRefusalReason,
} from './auth/authenticate-virtual-key.js';
export { allowedBy, matchesGlob } from './auth/matches-glob.js';
export { createProxyApp, type ProxyApp } from './create-proxy-app.js';
export type { BudgetBurndown } from './dashboard/budget-burndown.js';
export type { DashboardDeps, DashboardLedger } from './dashboard/dashboard-deps.js';
export { registerDashboardRoutes } from './dashboard/register-dashboard-routes.js';
export type { ChatCompletionRequest } from './dialects/openai/request-schema.js';
export type { Door, DoorContext, DoorRequest } from './doors/door.js';
export { ClientClosedRequestError } from './errors/client-closed-request-error.js';
export { ForbiddenRequestError } from './errors/forbidden-request-error.js';
export { type OpenAIErrorBody, type OpenAIErrorType, OpenAIHttpError } from './errors/openai-http-error.js';
export { RequestBodyError, type RequestBodyErrorKind } from './errors/request-body-error.js';
export { toOpenAIError } from './errors/to-openai-error.js';
export type { ProxyTrace } from './gateway/proxy-trace.js';
export { corsOriginGuard } from './middleware/cors-origin-guard.js';
export { isLoopbackHost, loopbackHostGuard } from './middleware/loopback-host-guard.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  isJsonContentType,
  jsonDepth,
  type ReadJsonBodyOptions,
  readJsonBody,
} from './middleware/read-json-body.js';
export type {
  ProxyDeps,
  ProxyLedger,
  ProxyLogger,
  ProxyMetrics,
  ProxyModelRegistry,
  ProxyRouteOptions,
  ProxyRouter,
  ResolvedModel,
} from './proxy-deps.js';
export { createMetricsApp, registerMetricsRoute } from './routes/metrics.js';
