export { createProxyApp, type ProxyApp } from './create-proxy-app.js';
export type { ChatCompletionRequest } from './dialects/openai/request-schema.js';
export type { Door, DoorContext, DoorRequest } from './doors/door.js';
export { type OpenAIErrorBody, type OpenAIErrorType, OpenAIHttpError } from './errors/openai-http-error.js';
export { toOpenAIError } from './errors/to-openai-error.js';
export type { ProxyTrace } from './gateway/proxy-trace.js';
export type {
  ProxyDeps,
  ProxyLedger,
  ProxyLogger,
  ProxyModelRegistry,
  ProxyRouteOptions,
  ProxyRouter,
  ResolvedModel,
} from './proxy-deps.js';
