export { describeConfig } from './describe-config.js';
export {
  CONFIG_ENV_VARS,
  type EscalationPolicy,
  LOG_LEVELS,
  type LoadConfigOptions,
  type LogLevel,
  loadConfig,
  type TokenwiseConfig,
  type TraceLevel,
} from './load-config.js';
