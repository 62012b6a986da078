export {
  createPrometheusMetrics,
  type PrometheusMetrics,
  type PrometheusMetricsOptions,
} from './create-prometheus-metrics.js';
export {
  createRequestLogger,
  openLogDestination,
  type RequestLogger,
  type RequestLoggerOptions,
} from './create-request-logger.js';
export { logStartup, PROVIDER_KEY_ENVS, providerKeyStatus, type StartupInfo } from './log-startup.js';
