export { describeConfig } from './describe-config.js';
export { type LoadConfigOptions, loadConfig } from './load-config.js';
export { CONFIG_ENV_VARS } from './settings-table.js';
export {
  type EscalationPolicy,
  LOG_LEVELS,
  type LogLevel,
  type TokenwiseConfig,
  type TraceLevel,
} from './tokenwise-config.js';
