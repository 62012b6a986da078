export { describeConfig } from './describe-config.js';
export {
  CONFIG_ENV_VARS,
  type EscalationPolicy,
  type LoadConfigOptions,
  loadConfig,
  type TokenwiseConfig,
  type TraceLevel,
} from './load-config.js';
