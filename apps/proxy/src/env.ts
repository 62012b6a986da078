import { loadConfig, type ModelOverride, type TokenwiseConfig } from '@tokenwise/core';
import { InvalidArgumentError, type PicoUsd, type Strategy } from '@tokenwise/spec';

/** Connection settings of one upstream provider. */
export interface ProviderEnv {
  apiKey: string | undefined;
  baseURL: string | undefined;
}

/** Everything the proxy server is configured with, validated. */
export interface ProxyEnv {
  host: string;
  port: number;
  /** Inbound keys (`TOKENWISE_PROXY_KEYS`, comma-separated); empty = open proxy (loopback only). */
  keys: string[];
  defaultBudget: PicoUsd;
  defaultStrategy: Strategy;
  /** JSONL ledger file; `undefined` = `~/.config/tokenwise/ledger.jsonl`. */
  ledgerPath: string | undefined;
  /** A local models YAML (`TOKENWISE_LOCAL_MODELS`) that replaces the catalog. */
  localModelsPath: string | undefined;
  /** Age after which the cached live catalog is refreshed. */
  cacheTtlSeconds: number;
  modelOverrides: Readonly<Record<string, ModelOverride>>;
  /** `model_aliases`: client model names sent to a strategy or another model. */
  modelAliases: Readonly<Record<string, string>>;
  /** `TOKENWISE_PROXY_MAX_BODY_BYTES` (default 1 MiB). */
  maxBodyBytes: number;
  /** `TOKENWISE_PROXY_CORS_ORIGINS`: web origins allowed to call from a browser (default none). */
  corsOrigins: string[];
  /** `TOKENWISE_PROXY_PROCESS_BUDGET`: a ceiling on everything this process spends until restart. */
  processBudget: PicoUsd | undefined;
  /** `TOKENWISE_PROXY_EXPLICIT_FAILOVER`: whether a model the client named may fail over to another one. */
  explicitFailover: boolean;
  minOutputTokens: number;
  riskGate: TokenwiseConfig['riskGate'];
  /** `TOKENWISE_DATABASE_URL`: budgets, virtual keys and the ledger on PostgreSQL, shared by replicas. */
  databaseUrl: string | undefined;
  /** `TOKENWISE_DATABASE_SCHEMA` (default `tokenwise`). */
  databaseSchema: string;
  /** `TOKENWISE_ADMIN_KEY`: opens `/admin/*`; without a database it also turns on (in-memory) virtual keys. */
  adminKey: string | undefined;
  /** `TOKENWISE_RESERVATION_LEASE_MS`: lease of a key's reservation (default 10 min); a dead replica's lapse then. */
  reservationLeaseMs: number | undefined;
  providers: { openai: ProviderEnv; anthropic: ProviderEnv; google: ProviderEnv; openrouter: ProviderEnv };
  /** Config-file warnings (unknown keys), for the startup log. */
  warnings: readonly string[];
}

/**
 * Reads the proxy's settings through core's `loadConfig` (environment > config file > default, spec §11), the
 * same settings `tokenwise serve` reads. Port 0 is accepted here (any free port).
 * @throws InvalidArgumentError naming the variable or config key and the expected form.
 */
export function readProxyEnv(
  env: Readonly<Record<string, string | undefined>>,
  file: { text?: string; path?: string } = {},
): ProxyEnv {
  const anyPort = env.TOKENWISE_PROXY_PORT?.trim() === '0';
  const config = loadConfig({
    env: anyPort ? { ...env, TOKENWISE_PROXY_PORT: undefined } : env,
    ...(file.text === undefined ? {} : { fileText: file.text }),
    ...(file.path === undefined ? {} : { filePath: file.path }),
  });
  return {
    host: config.proxyHost,
    port: anyPort ? 0 : config.proxyPort,
    keys: [...config.proxyKeys],
    defaultBudget: config.defaultBudget,
    defaultStrategy: config.defaultStrategy,
    ledgerPath: config.ledgerPath,
    localModelsPath: config.localModelsFile,
    cacheTtlSeconds: config.cacheTtlSeconds,
    modelOverrides: config.modelOverrides,
    modelAliases: config.modelAliases,
    maxBodyBytes: config.proxyMaxBodyBytes,
    corsOrigins: [...config.proxyCorsOrigins],
    processBudget: config.proxyProcessBudget,
    explicitFailover: config.proxyExplicitFailover,
    minOutputTokens: config.minOutputTokens,
    riskGate: config.riskGate,
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    adminKey: config.adminKey,
    reservationLeaseMs: leaseMs(env.TOKENWISE_RESERVATION_LEASE_MS),
    providers: {
      openai: { apiKey: config.openaiApiKey, baseURL: config.openaiBaseURL },
      anthropic: { apiKey: config.anthropicApiKey, baseURL: config.anthropicBaseURL },
      google: { apiKey: config.googleApiKey, baseURL: config.googleBaseURL },
      openrouter: { apiKey: config.openrouterApiKey, baseURL: config.openrouterBaseURL },
    },
    warnings: config.warnings,
  };
}

/** Parses `TOKENWISE_RESERVATION_LEASE_MS`: a whole number of milliseconds, at least 100. */
function leaseMs(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const ms = Number(value.trim());
  if (!Number.isInteger(ms) || ms < 100) {
    throw new InvalidArgumentError({
      argument: 'TOKENWISE_RESERVATION_LEASE_MS',
      message: `Invalid TOKENWISE_RESERVATION_LEASE_MS "${value}": expected whole milliseconds, at least 100.`,
    });
  }
  return ms;
}

/** Whether a host name or address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
