import type { Logger } from 'pino';

/** What a server says when it starts: which catalog, providers, stores and endpoints it uses. */
export interface StartupInfo {
  /** `tokenwise serve` or `apps/proxy`. */
  server: string;
  version: string;
  /** The address it listens on, e.g. `http://127.0.0.1:8000`. */
  listen: string;
  catalog: { source: string; models: number };
  /** Every provider, with the NAME of the environment variable its key comes from (never the value). */
  providers: readonly { id: string; keyEnv: string; keySet: boolean }[];
  /** Where records and budgets live, e.g. `jsonl /home/me/.config/tokenwise/ledger.jsonl`, `memory`. */
  ledgerStore: string;
  budgetStore?: string;
  /** Where `/metrics` is served, or `off`. */
  metrics: string;
  /** Whether `TOKENWISE_ADMIN_KEY` is set (the dashboard and admin API are off without it). */
  adminKeySet: boolean;
}

/**
 * Writes the start-up lines: one info line with the catalog, the providers whose key is set (by env var name),
 * the stores and endpoints; a warning when no provider key is set at all (every model call would fail).
 */
export function logStartup(logger: Logger, info: StartupInfo): void {
  const withKey = info.providers.filter((p) => p.keySet);
  const withoutKey = info.providers.filter((p) => !p.keySet);
  logger.info(
    {
      server: info.server,
      version: info.version,
      listen: info.listen,
      catalog: info.catalog,
      providers: withKey.map((p) => `${p.id} (${p.keyEnv})`),
      providersWithoutKey: withoutKey.map((p) => `${p.id} (${p.keyEnv} not set)`),
      ledgerStore: info.ledgerStore,
      budgetStore: info.budgetStore ?? 'memory',
      metrics: info.metrics,
      dashboard: info.adminKeySet ? `${info.listen}/ui` : 'off (TOKENWISE_ADMIN_KEY not set)',
    },
    'TokenWise starting',
  );
  if (withKey.length === 0) {
    logger.warn(
      { keyEnvs: info.providers.map((p) => p.keyEnv) },
      `No provider API key is set: every model call will fail. Set one of ${info.providers.map((p) => p.keyEnv).join(', ')}.`,
    );
  }
}

/** The providers TokenWise composes and the variable each key is read from. */
export const PROVIDER_KEY_ENVS: readonly { id: string; keyEnv: string }[] = [
  { id: 'openai', keyEnv: 'OPENAI_API_KEY' },
  { id: 'anthropic', keyEnv: 'ANTHROPIC_API_KEY' },
  { id: 'google', keyEnv: 'GOOGLE_API_KEY' },
  { id: 'openrouter', keyEnv: 'OPENROUTER_API_KEY' },
];

/** Which providers have a key in `env` (only whether one is set is looked at). */
export function providerKeyStatus(
  env: Readonly<Record<string, string | undefined>>,
): { id: string; keyEnv: string; keySet: boolean }[] {
  return PROVIDER_KEY_ENVS.map((p) => ({ ...p, keySet: (env[p.keyEnv] ?? '').trim() !== '' }));
}
