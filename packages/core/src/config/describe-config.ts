import { toDecimalString } from '@tokenwise/spec';
import type { TokenwiseConfig } from './tokenwise-config.js';

/**
 * The config as plain JSON-safe values for printing (`tokenwise config`, debug logs): API keys and proxy keys
 * are masked to `set (…abcd)` — the last four characters only for keys long enough that they reveal nothing
 * useful — and the budget is a decimal USD string.
 */
export function describeConfig(config: TokenwiseConfig): Record<string, unknown> {
  return {
    openrouterApiKey: mask(config.openrouterApiKey),
    openaiApiKey: mask(config.openaiApiKey),
    anthropicApiKey: mask(config.anthropicApiKey),
    googleApiKey: mask(config.googleApiKey),
    openrouterBaseURL: config.openrouterBaseURL,
    openaiBaseURL: config.openaiBaseURL ?? null,
    anthropicBaseURL: config.anthropicBaseURL ?? null,
    googleBaseURL: config.googleBaseURL ?? null,
    defaultStrategy: config.defaultStrategy,
    defaultBudget: toDecimalString(config.defaultBudget),
    plannerModel: config.plannerModel,
    proxyHost: config.proxyHost,
    proxyPort: config.proxyPort,
    proxyKeys: config.proxyKeys.map((key) => mask(key)),
    proxyMaxBodyBytes: config.proxyMaxBodyBytes,
    proxyCorsOrigins: [...config.proxyCorsOrigins],
    proxyProcessBudget:
      config.proxyProcessBudget === undefined ? null : toDecimalString(config.proxyProcessBudget),
    proxyExplicitFailover: config.proxyExplicitFailover,
    proxyDrainSeconds: config.proxyDrainSeconds,
    adminKey: mask(config.adminKey),
    metricsPort: config.metricsPort ?? null,
    metricsAuth: config.metricsAuth,
    logLevel: config.logLevel,
    cacheTtlSeconds: config.cacheTtlSeconds,
    localModelsFile: config.localModelsFile ?? null,
    ledgerPath: config.ledgerPath ?? null,
    databaseUrl: config.databaseUrl === undefined ? null : hidePassword(config.databaseUrl),
    databaseSchema: config.databaseSchema,
    minOutputTokens: config.minOutputTokens,
    defaultMaxOutputTokens: config.defaultMaxOutputTokens,
    escalationPolicy: config.escalationPolicy,
    traceLevel: config.traceLevel,
    riskGate: { ...config.riskGate },
    modelOverrides: Object.keys(config.modelOverrides),
    modelAliases: { ...config.modelAliases },
    configFile: config.configFile ?? null,
  };
}

/** The URL with its password replaced by `***` (the whole URL hidden if it cannot be read). */
function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'set (unreadable URL)';
  }
}

function mask(secret: string | undefined): string {
  if (secret === undefined) return 'not set';
  return secret.length >= 20 ? `set (…${secret.slice(-4)})` : 'set';
}
