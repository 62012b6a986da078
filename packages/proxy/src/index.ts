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
  ProxyModelRegistry,
  ProxyReservation,
  ProxyRouteOptions,
  ProxyRouter,
  ResolvedModel,
} from './proxy-deps.js';
