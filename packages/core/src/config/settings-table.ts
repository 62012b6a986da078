import { STRATEGIES, usd } from '@tokenwise/spec';
import { invalidSetting } from './invalid-setting.js';
import {
  boolean,
  budget,
  databaseUrl,
  integer,
  keyList,
  oneOf,
  optionalBudget,
  optionalString,
  optionalUrl,
  originList,
  requiredString,
  secret,
  threshold,
  url,
} from './setting-parsers.js';
import { LOG_LEVELS, type TokenwiseConfig } from './tokenwise-config.js';

/** One setting: its config-file key, environment variable, parser and default. */
export interface Setting<K extends keyof TokenwiseConfig> {
  field: K;
  file: string;
  env?: string;
  parse: (value: unknown, from: string) => TokenwiseConfig[K];
  fallback: TokenwiseConfig[K];
}

/**
 * One row per setting of {@link TokenwiseConfig} read from one key: config-file key (snake_case, the original's
 * names), environment variable, parser, default. The risk gate and the maps are read apart.
 */
export const SETTINGS = [
  {
    field: 'openrouterApiKey',
    file: 'openrouter_api_key',
    env: 'OPENROUTER_API_KEY',
    parse: secret,
    fallback: undefined,
  },
  {
    field: 'openaiApiKey',
    file: 'openai_api_key',
    env: 'OPENAI_API_KEY',
    parse: secret,
    fallback: undefined,
  },
  {
    field: 'anthropicApiKey',
    file: 'anthropic_api_key',
    env: 'ANTHROPIC_API_KEY',
    parse: secret,
    fallback: undefined,
  },
  {
    field: 'googleApiKey',
    file: 'google_api_key',
    env: 'GOOGLE_API_KEY',
    parse: secret,
    fallback: undefined,
  },
  {
    field: 'openrouterBaseURL',
    file: 'openrouter_base_url',
    env: 'OPENROUTER_BASE_URL',
    parse: url,
    fallback: 'https://openrouter.ai/api/v1',
  },
  {
    field: 'openaiBaseURL',
    file: 'openai_base_url',
    env: 'OPENAI_BASE_URL',
    parse: optionalUrl,
    fallback: undefined,
  },
  {
    field: 'anthropicBaseURL',
    file: 'anthropic_base_url',
    env: 'ANTHROPIC_BASE_URL',
    parse: optionalUrl,
    fallback: undefined,
  },
  {
    field: 'googleBaseURL',
    file: 'google_base_url',
    env: 'GOOGLE_BASE_URL',
    parse: optionalUrl,
    fallback: undefined,
  },
  {
    field: 'defaultStrategy',
    file: 'default_strategy',
    env: 'TOKENWISE_DEFAULT_STRATEGY',
    parse: oneOf(STRATEGIES),
    fallback: 'balanced',
  },
  {
    field: 'defaultBudget',
    file: 'default_budget',
    env: 'TOKENWISE_DEFAULT_BUDGET',
    parse: budget,
    fallback: usd('1.00'),
  },
  {
    field: 'plannerModel',
    file: 'planner_model',
    env: 'TOKENWISE_PLANNER_MODEL',
    parse: requiredString,
    fallback: 'openai/gpt-4.1-mini',
  },
  {
    field: 'proxyHost',
    file: 'proxy_host',
    env: 'TOKENWISE_PROXY_HOST',
    parse: requiredString,
    fallback: '127.0.0.1',
  },
  {
    field: 'proxyPort',
    file: 'proxy_port',
    env: 'TOKENWISE_PROXY_PORT',
    parse: integer(1, 65535, 'a port number from 1 to 65535'),
    fallback: 8000,
  },
  {
    field: 'proxyKeys',
    file: 'proxy_keys',
    env: 'TOKENWISE_PROXY_KEYS',
    parse: keyList,
    fallback: Object.freeze([]),
  },
  {
    field: 'proxyMaxBodyBytes',
    file: 'proxy_max_body_bytes',
    env: 'TOKENWISE_PROXY_MAX_BODY_BYTES',
    parse: integer(1, 1_073_741_824, 'a whole number of bytes from 1 to 1073741824'),
    fallback: 1_048_576,
  },
  {
    field: 'proxyCorsOrigins',
    file: 'proxy_cors_origins',
    env: 'TOKENWISE_PROXY_CORS_ORIGINS',
    parse: originList,
    fallback: Object.freeze([]),
  },
  {
    field: 'proxyProcessBudget',
    file: 'proxy_process_budget',
    env: 'TOKENWISE_PROXY_PROCESS_BUDGET',
    parse: optionalBudget,
    fallback: undefined,
  },
  {
    field: 'proxyExplicitFailover',
    file: 'proxy_explicit_failover',
    env: 'TOKENWISE_PROXY_EXPLICIT_FAILOVER',
    parse: boolean,
    fallback: false,
  },
  {
    field: 'proxyDrainSeconds',
    file: 'proxy_drain_seconds',
    env: 'TOKENWISE_PROXY_DRAIN_SECONDS',
    parse: integer(0, 3600, 'a whole number of seconds from 0 to 3600'),
    fallback: 10,
  },
  {
    field: 'adminKey',
    file: 'admin_key',
    env: 'TOKENWISE_ADMIN_KEY',
    parse: secret,
    fallback: undefined,
  },
  {
    field: 'metricsPort',
    file: 'metrics_port',
    env: 'TOKENWISE_METRICS_PORT',
    parse: (value, from) =>
      optionalString(value, from) === undefined
        ? undefined
        : integer(1, 65535, 'a port number from 1 to 65535')(value, from),
    fallback: undefined,
  },
  {
    field: 'metricsAuth',
    file: 'metrics_auth',
    env: 'TOKENWISE_METRICS_AUTH',
    parse: oneOf(['none', 'admin'] as const),
    fallback: 'none',
  },
  {
    field: 'logLevel',
    file: 'log_level',
    env: 'TOKENWISE_LOG_LEVEL',
    parse: oneOf(LOG_LEVELS),
    fallback: 'info',
  },
  {
    field: 'cacheTtlSeconds',
    file: 'cache_ttl',
    env: 'TOKENWISE_CACHE_TTL',
    parse: integer(0, 31_536_000, 'a whole number of seconds like 3600'),
    fallback: 3600,
  },
  {
    field: 'localModelsFile',
    file: 'local_models_file',
    env: 'TOKENWISE_LOCAL_MODELS',
    parse: optionalString,
    fallback: undefined,
  },
  {
    field: 'ledgerPath',
    file: 'ledger_path',
    env: 'TOKENWISE_LEDGER_PATH',
    parse: optionalString,
    fallback: undefined,
  },
  {
    field: 'databaseUrl',
    file: 'database_url',
    env: 'TOKENWISE_DATABASE_URL',
    parse: databaseUrl,
    fallback: undefined,
  },
  {
    field: 'databaseSchema',
    file: 'database_schema',
    env: 'TOKENWISE_DATABASE_SCHEMA',
    parse: (value, from) => {
      const text = requiredString(value, from);
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(text))
        invalidSetting(from, 'lower-case letters, digits and _ (at most 63)', value);
      return text;
    },
    fallback: 'tokenwise',
  },
  {
    field: 'minOutputTokens',
    file: 'min_output_tokens',
    env: 'TOKENWISE_MIN_OUTPUT_TOKENS',
    parse: integer(1, 10_000_000, 'a positive whole number of tokens like 100'),
    fallback: 100,
  },
  {
    field: 'defaultMaxOutputTokens',
    file: 'default_max_output_tokens',
    env: 'TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS',
    parse: integer(1, 10_000_000, 'a positive whole number of tokens like 4096'),
    fallback: 4096,
  },
  {
    field: 'escalationPolicy',
    file: 'escalation_policy',
    env: 'TOKENWISE_ESCALATION_POLICY',
    parse: oneOf(['flexible', 'monotonic'] as const),
    fallback: 'flexible',
  },
  {
    field: 'traceLevel',
    file: 'trace_level',
    env: 'TOKENWISE_TRACE_LEVEL',
    parse: oneOf(['basic', 'verbose'] as const),
    fallback: 'basic',
  },
] satisfies Setting<keyof TokenwiseConfig>[];

/** The `risk_gate` mapping of the config file, one environment variable per field. */
export const RISK_GATE = [
  { key: 'enabled', file: 'enabled', env: 'TOKENWISE_RISK_GATE_ENABLED', parse: boolean, fallback: false },
  {
    key: 'irreversibleBlock',
    file: 'irreversible_block',
    env: 'TOKENWISE_RISK_GATE_IRREVERSIBLE_BLOCK',
    parse: boolean,
    fallback: true,
  },
  {
    key: 'ambiguityThreshold',
    file: 'ambiguity_threshold',
    env: 'TOKENWISE_RISK_GATE_AMBIGUITY_THRESHOLD',
    parse: threshold,
    fallback: 0.9,
  },
] as const;

/** The top-level keys of the config file; any other is reported as a warning. */
export const KNOWN_FILE_KEYS = new Set<string>([
  ...SETTINGS.map((s) => s.file),
  'risk_gate',
  'model_overrides',
  'model_aliases',
]);

/** The environment variable of `model_aliases` (`name=target,name=target`). */
export const MODEL_ALIASES_ENV = 'TOKENWISE_MODEL_ALIASES';

/** Every environment variable {@link loadConfig} reads. */
export const CONFIG_ENV_VARS: readonly string[] = [
  ...SETTINGS.map((setting) => setting.env),
  ...RISK_GATE.map((setting) => setting.env),
  MODEL_ALIASES_ENV,
];
