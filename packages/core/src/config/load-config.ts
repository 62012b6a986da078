import {
  CAPABILITIES,
  type Capability,
  InvalidArgumentError,
  type PicoUsd,
  STRATEGIES,
  type Strategy,
  TIERS,
  type Tier,
  usd,
} from '@tokenwise/spec';
import * as v from 'valibot';
import { parse } from 'yaml';
import type { ModelOverride } from '../registry/apply-model-overrides.js';
import { parseModelAliases } from './parse-model-aliases.js';

/** Escalation after a failed step: `flexible` allows same-tier retries, `monotonic` only moves up. */
export type EscalationPolicy = 'flexible' | 'monotonic';

/** How much a routing trace records. */
export type TraceLevel = 'basic' | 'verbose';

/** Lowest level of the request and start-up log lines that is written (`silent` writes none). */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** The log levels, lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The settings of TokenWise, typed and frozen. Secrets are kept: print it with `describeConfig`. */
export interface TokenwiseConfig {
  openrouterApiKey: string | undefined;
  openaiApiKey: string | undefined;
  anthropicApiKey: string | undefined;
  googleApiKey: string | undefined;
  openrouterBaseURL: string;
  /** `undefined` → the provider's default. */
  openaiBaseURL: string | undefined;
  anthropicBaseURL: string | undefined;
  googleBaseURL: string | undefined;
  defaultStrategy: Strategy;
  defaultBudget: PicoUsd;
  plannerModel: string;
  proxyHost: string;
  proxyPort: number;
  /** Keys clients must present to the proxy; empty = no client authentication. */
  proxyKeys: readonly string[];
  /** Largest request body the proxy accepts, in bytes (larger ones get 413). */
  proxyMaxBodyBytes: number;
  /**
   * Web origins allowed to call the proxy from a browser (`https://app.example.com`, `*` for any); requests with
   * any other `Origin` get 403. Empty (the default) refuses every browser origin.
   */
  proxyCorsOrigins: readonly string[];
  /** A ceiling on everything one proxy process spends until it restarts; `undefined` = none. */
  proxyProcessBudget: PicoUsd | undefined;
  /** Whether a model the client named explicitly may fail over to another one (default: it may not). */
  proxyExplicitFailover: boolean;
  /**
   * Seconds a stopping proxy lets in-flight requests finish (after SIGTERM/SIGINT) before it aborts them through
   * the engine, settles their reservations and flushes the ledger (default 10).
   */
  proxyDrainSeconds: number;
  /** Key of the admin API and the `/ui` dashboard; both answer 403 while it is unset. */
  adminKey: string | undefined;
  /** Serve `/metrics` on this port instead of the proxy's own; `undefined` = on the proxy's port. */
  metricsPort: number | undefined;
  /** `admin`: `/metrics` needs the admin key; `none` (default): open, as Prometheus scrapers expect. */
  metricsAuth: 'none' | 'admin';
  /** Level of the structured log lines (default `info`). */
  logLevel: LogLevel;
  /** Seconds a cached catalog stays fresh. */
  cacheTtlSeconds: number;
  /** A local models YAML file that replaces the catalog. */
  localModelsFile: string | undefined;
  /** `undefined` → `~/.config/tokenwise/ledger.jsonl` (resolved by `@tokenwise/core/node`). */
  ledgerPath: string | undefined;
  /**
   * `postgres://…`: budgets, keys, teams and the ledger on PostgreSQL (`@tokenwise/store-postgres`), shared by
   * replicas. `undefined` → the embedded default (memory budgets, JSONL ledger, no persistent keys). A secret:
   * print it with `describeConfig`, which hides the password.
   */
  databaseUrl: string | undefined;
  /** PostgreSQL schema of the stores (default `tokenwise`): several deployments can share one database. */
  databaseSchema: string;
  minOutputTokens: number;
  /**
   * Output reserved for a call whose caller set no max_tokens (default 4,096), capped by the model's own limit.
   * Reserving a model's whole output limit instead would let a few concurrent calls hold a budget they never spend.
   */
  defaultMaxOutputTokens: number;
  escalationPolicy: EscalationPolicy;
  traceLevel: TraceLevel;
  riskGate: Readonly<{ enabled: boolean; irreversibleBlock: boolean; ambiguityThreshold: number }>;
  modelOverrides: Readonly<Record<string, ModelOverride>>;
  /** Client model name → catalog id, `auto` or `tokenwise/<strategy>` (see `resolveModelName`). */
  modelAliases: Readonly<Record<string, string>>;
  /** The config file that was read, if any. */
  configFile: string | undefined;
  /** Unknown keys of the config file (ignored, reported so typos are visible). */
  warnings: readonly string[];
}

/** Inputs of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Environment variables (e.g. `process.env`); empty strings count as unset. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Text of the YAML config file, if one exists. */
  fileText?: string;
  /** Its path, for messages. */
  filePath?: string;
}

type Source = { value: unknown; from: string };

interface Setting<K extends keyof TokenwiseConfig> {
  field: K;
  file: string;
  env?: string;
  parse: (value: unknown, from: string) => TokenwiseConfig[K];
  fallback: TokenwiseConfig[K];
}

const optionalString = (value: unknown, from: string): string | undefined => {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') bad(from, 'a string', value);
  return value.trim() === '' ? undefined : value.trim();
};
// Secrets: any string is accepted, and a wrong type is reported without echoing the value.
const secret = (value: unknown, from: string): string | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') bad(from, 'a string', undefined);
  const text = String(value).trim();
  return text === '' ? undefined : text;
};
const requiredString = (value: unknown, from: string): string => {
  const text = optionalString(value, from);
  if (text === undefined) bad(from, 'a non-empty string', value);
  return text;
};
const url = (value: unknown, from: string): string => {
  const text = requiredString(value, from);
  if (!/^https?:\/\/[^\s]+$/i.test(text))
    bad(from, 'an http(s) URL like https://openrouter.ai/api/v1', value);
  return text.replace(/\/+$/, '');
};
const optionalUrl = (value: unknown, from: string): string | undefined =>
  optionalString(value, from) === undefined ? undefined : url(value, from);
const integer =
  (min: number, max: number, form: string) =>
  (value: unknown, from: string): number => {
    const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min || number > max) {
      bad(from, form, value);
    }
    return number;
  };
const oneOf =
  <T extends string>(choices: readonly T[]) =>
  (value: unknown, from: string): T => {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
    if (typeof text !== 'string' || !(choices as readonly string[]).includes(text)) {
      bad(from, `one of ${choices.join(', ')}`, value);
    }
    return text as T;
  };
const budget = (value: unknown, from: string): PicoUsd => {
  const form = 'a positive USD amount like 0.50';
  if (typeof value !== 'number' && typeof value !== 'string') bad(from, form, value);
  let amount: PicoUsd;
  try {
    amount = usd(typeof value === 'string' ? value.trim().replace(/^\$/, '') : value);
  } catch {
    bad(from, form, value);
  }
  if (amount <= 0n) bad(from, form, value);
  return amount;
};
// Unlike `budget`, zero is a valid ceiling here (a proxy that may spend nothing), and a `$` prefix is allowed.
const optionalBudget = (value: unknown, from: string): PicoUsd | undefined => {
  const form = 'a USD amount like 25.00';
  if (typeof value !== 'number' && typeof value !== 'string') bad(from, form, value);
  const text = typeof value === 'string' ? value.trim().replace(/^\$/, '') : value;
  if (text === '') return undefined;
  let amount: PicoUsd;
  try {
    amount = usd(text);
  } catch {
    bad(from, form, value);
  }
  if (amount < 0n) bad(from, form, value);
  return amount;
};
const boolean = (value: unknown, from: string): boolean => {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === '1' || text === 'true' || text === 'yes' || text === 'on') return true;
  if (text === '0' || text === 'false' || text === 'no' || text === 'off') return false;
  bad(from, 'true or false (also 1/0, yes/no, on/off)', value);
};
const threshold = (value: unknown, from: string): number => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > 1) {
    bad(from, 'a number between 0 and 1 like 0.9', value);
  }
  return number;
};
// The URL may hold a password: a bad one is reported without echoing it.
const databaseUrl = (value: unknown, from: string): string | undefined => {
  const text = secret(value, from);
  if (text !== undefined && !/^postgres(ql)?:\/\/\S+$/i.test(text)) {
    bad(from, 'a PostgreSQL URL like postgres://user@127.0.0.1:5432/tokenwise', undefined);
  }
  return text;
};
const keyList = (value: unknown, from: string): readonly string[] => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items?.every((item) => typeof item === 'string'))
    bad(from, 'a comma-separated list of keys', undefined);
  return Object.freeze((items as string[]).map((item) => item.trim()).filter((item) => item !== ''));
};

// `*`, `null` (sandboxed pages) or scheme://host[:port], as browsers send `Origin`; a trailing slash is dropped.
const originList = (value: unknown, from: string): readonly string[] => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items?.every((item) => typeof item === 'string'))
    bad(from, 'a comma-separated list of origins', value);
  const origins = (items as string[])
    .map((item) => item.trim().replace(/\/+$/, ''))
    .filter((item) => item !== '');
  for (const origin of origins) {
    if (origin !== '*' && origin !== 'null' && !/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+$/i.test(origin)) {
      bad(from, 'origins like https://app.example.com or * (scheme and host, no path)', origin);
    }
  }
  return Object.freeze(origins);
};

// One row per setting: config-file key (snake_case, the original's names), environment variable, parser, default.
const SETTINGS = [
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
        bad(from, 'lower-case letters, digits and _ (at most 63)', value);
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

const RISK_GATE = [
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

const KNOWN_FILE_KEYS = new Set<string>([
  ...SETTINGS.map((s) => s.file),
  'risk_gate',
  'model_overrides',
  'model_aliases',
]);

const MODEL_ALIASES_ENV = 'TOKENWISE_MODEL_ALIASES';

/** Every environment variable {@link loadConfig} reads. */
export const CONFIG_ENV_VARS: readonly string[] = [
  ...SETTINGS.map((setting) => setting.env),
  ...RISK_GATE.map((setting) => setting.env),
  MODEL_ALIASES_ENV,
];

const FileSchema = v.record(v.string(), v.unknown());
const OverrideSchema = v.looseObject({
  tier: v.optional(v.picklist(TIERS as Tier[])),
  capabilities: v.optional(v.array(v.picklist(CAPABILITIES as Capability[]))),
  input_price: v.optional(v.pipe(v.number(), v.minValue(0))),
  output_price: v.optional(v.pipe(v.number(), v.minValue(0))),
  context_window: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  max_output_tokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/**
 * Loads the settings: environment variable > config file > default (spec §11). Every value is validated.
 * @throws InvalidArgumentError naming the key and the expected form, e.g.
 * `TOKENWISE_DEFAULT_BUDGET must be a positive USD amount like 0.50 (got "abc").`
 */
export function loadConfig(options: LoadConfigOptions = {}): TokenwiseConfig {
  const env = options.env ?? {};
  const fileName = options.filePath ?? 'config file';
  const file = readFile(options.fileText, fileName);
  const warnings = Object.keys(file)
    .filter((key) => !KNOWN_FILE_KEYS.has(key))
    .map((key) => `${fileName}: unknown key "${key}" ignored.`);

  const pick = (
    envName: string | undefined,
    fileKey: string,
    fileObject: Record<string, unknown>,
    prefix = '',
  ) => {
    const fromEnv = envName ? env[envName] : undefined;
    if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv, from: envName! } as Source;
    const fromFile = fileObject[fileKey];
    if (fromFile !== undefined && fromFile !== null)
      return { value: fromFile, from: `${fileName}: ${prefix}${fileKey}` } as Source;
    return undefined;
  };

  const config: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const found = pick(setting.env, setting.file, file);
    config[setting.field] = found
      ? (setting.parse as (value: unknown, from: string) => unknown)(found.value, found.from)
      : setting.fallback;
  }

  const riskFile = file.risk_gate ?? {};
  if (!isRecord(riskFile))
    bad(
      `${fileName}: risk_gate`,
      'a mapping with enabled, irreversible_block, ambiguity_threshold',
      riskFile,
    );
  const riskGate: Record<string, unknown> = {};
  for (const setting of RISK_GATE) {
    const found = pick(setting.env, setting.file, riskFile, 'risk_gate.');
    riskGate[setting.key] = found ? setting.parse(found.value, found.from) : setting.fallback;
  }
  config.riskGate = Object.freeze(riskGate);
  config.modelOverrides = readOverrides(file.model_overrides, fileName);
  // aliases merge: the file's map, then the environment's pairs (the environment wins per name)
  const envAliases = env[MODEL_ALIASES_ENV];
  config.modelAliases = Object.freeze({
    ...(file.model_aliases == null
      ? {}
      : parseModelAliases(file.model_aliases, `${fileName}: model_aliases`)),
    ...(envAliases === undefined ? {} : parseModelAliases(envAliases, MODEL_ALIASES_ENV)),
  });
  config.configFile = options.fileText === undefined ? undefined : options.filePath;
  config.warnings = Object.freeze(warnings);
  return Object.freeze(config) as unknown as TokenwiseConfig;
}

function readFile(text: string | undefined, fileName: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new InvalidArgumentError({
      argument: fileName,
      message: `${fileName} is not valid YAML (${detail}); expected a mapping like "default_budget: 0.50".`,
      cause: error,
    });
  }
  if (document === null || document === undefined) return {};
  const result = v.safeParse(FileSchema, document);
  if (!result.success || Array.isArray(document)) {
    throw new InvalidArgumentError({
      argument: fileName,
      message: `${fileName} must be a YAML mapping of settings like "default_budget: 0.50".`,
    });
  }
  return result.output;
}

function readOverrides(value: unknown, fileName: string): Readonly<Record<string, ModelOverride>> {
  if (value === undefined || value === null) return Object.freeze({});
  const where = `${fileName}: model_overrides`;
  if (!isRecord(value))
    bad(where, 'a mapping of model id to { tier, capabilities, input_price, output_price }', value);
  const overrides: Record<string, ModelOverride> = {};
  for (const [id, raw] of Object.entries(value)) {
    const result = v.safeParse(OverrideSchema, raw);
    if (!result.success) {
      const issue = result.issues[0];
      const key = issue.path?.map((item) => String(item.key)).join('.');
      throw new InvalidArgumentError({
        argument: `${where}.${id}`,
        message: `${where}.${id}${key ? `.${key}` : ''} is invalid (${issue.message}); expected tier: ${TIERS.join('|')}, capabilities: [${CAPABILITIES.join(', ')}], prices in USD per million.`,
      });
    }
    const o = result.output;
    const override: ModelOverride = {};
    if (o.tier) override.tier = o.tier;
    if (o.capabilities) override.capabilities = Object.freeze([...o.capabilities]);
    if (o.input_price !== undefined) override.inputPrice = o.input_price;
    if (o.output_price !== undefined) override.outputPrice = o.output_price;
    if (o.context_window !== undefined) override.contextWindow = o.context_window;
    if (o.max_output_tokens !== undefined) override.maxOutputTokens = o.max_output_tokens;
    overrides[id] = Object.freeze(override);
  }
  return Object.freeze(overrides);
}

/** `value` undefined → the message does not echo it (secrets). */
function bad(from: string, form: string, value: unknown): never {
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value) ?? String(value)})`;
  throw new InvalidArgumentError({ argument: from, message: `${from} must be ${form}${shown}.` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
