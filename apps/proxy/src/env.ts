import { InvalidArgumentError, type PicoUsd, STRATEGIES, type Strategy, usd } from '@tokenwise/spec';

/** Connection settings of one upstream provider. */
export interface ProviderEnv {
  apiKey: string | undefined;
  baseURL: string | undefined;
}

/** Everything the proxy server reads from the environment, validated. */
export interface ProxyEnv {
  host: string;
  port: number;
  /** Inbound keys (`TOKENWISE_PROXY_KEYS`, comma-separated); empty = open proxy (loopback only). */
  keys: string[];
  defaultBudget: PicoUsd | undefined;
  defaultStrategy: Strategy;
  /** JSONL ledger file; `undefined` = `~/.config/tokenwise/ledger.jsonl`. */
  ledgerPath: string | undefined;
  /** A local models YAML (`TOKENWISE_LOCAL_MODELS`) that replaces the catalog. */
  localModelsPath: string | undefined;
  maxBodyBytes: number;
  minOutputTokens: number | undefined;
  riskGate: { enabled: boolean; irreversibleBlock: boolean; ambiguityThreshold: number | undefined };
  providers: {
    openai: ProviderEnv;
    anthropic: ProviderEnv;
    google: ProviderEnv;
    openrouter: ProviderEnv;
  };
}

/**
 * Reads the proxy's settings from `env` (normally `process.env`). Empty values count as unset.
 * @throws InvalidArgumentError naming the variable and the expected form.
 */
export function readProxyEnv(env: Record<string, string | undefined>): ProxyEnv {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const strategy = get('TOKENWISE_DEFAULT_STRATEGY') ?? 'balanced';
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw invalid('TOKENWISE_DEFAULT_STRATEGY', `expected one of ${STRATEGIES.join(', ')}`);
  }
  const budgetText = get('TOKENWISE_DEFAULT_BUDGET') ?? '1.0';
  let defaultBudget: PicoUsd | undefined;
  if (!['none', 'off', 'unlimited'].includes(budgetText.toLowerCase())) {
    try {
      defaultBudget = usd(budgetText);
    } catch {
      throw invalid('TOKENWISE_DEFAULT_BUDGET', 'expected a USD amount such as 0.05, or "none"');
    }
    if (defaultBudget < 0n) throw invalid('TOKENWISE_DEFAULT_BUDGET', 'a budget cannot be negative');
  }
  const provider = (prefix: string, keyName = `${prefix}_API_KEY`): ProviderEnv => ({
    apiKey: get(keyName),
    baseURL: get(`${prefix}_BASE_URL`),
  });
  const threshold = get('TOKENWISE_RISK_GATE_AMBIGUITY_THRESHOLD');
  const minOutput = get('TOKENWISE_MIN_OUTPUT_TOKENS');
  return {
    host: get('TOKENWISE_PROXY_HOST') ?? '127.0.0.1',
    port: integer('TOKENWISE_PROXY_PORT', get('TOKENWISE_PROXY_PORT') ?? '8000', 0, 65_535),
    keys: (get('TOKENWISE_PROXY_KEYS') ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
    defaultBudget,
    defaultStrategy: strategy as Strategy,
    ledgerPath: get('TOKENWISE_LEDGER_PATH'),
    localModelsPath: get('TOKENWISE_LOCAL_MODELS'),
    maxBodyBytes: integer(
      'TOKENWISE_PROXY_MAX_BODY_BYTES',
      get('TOKENWISE_PROXY_MAX_BODY_BYTES') ?? '1048576',
      1,
      1_073_741_824,
    ),
    minOutputTokens:
      minOutput === undefined ? undefined : integer('TOKENWISE_MIN_OUTPUT_TOKENS', minOutput, 1, 1_000_000),
    riskGate: {
      enabled: truthy(get('TOKENWISE_RISK_GATE_ENABLED')),
      irreversibleBlock: get('TOKENWISE_RISK_GATE_IRREVERSIBLE_BLOCK') === undefined
        ? true
        : truthy(get('TOKENWISE_RISK_GATE_IRREVERSIBLE_BLOCK')),
      ambiguityThreshold: threshold === undefined ? undefined : number('TOKENWISE_RISK_GATE_AMBIGUITY_THRESHOLD', threshold),
    },
    providers: {
      openai: provider('OPENAI'),
      anthropic: provider('ANTHROPIC'),
      google: provider('GOOGLE'),
      openrouter: provider('OPENROUTER'),
    },
  };
}

/** Whether a host name or address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.toLowerCase());
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(name, `expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function number(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw invalid(name, 'expected a number');
  return value;
}

function invalid(name: string, detail: string): InvalidArgumentError {
  return new InvalidArgumentError({ argument: name, message: `Invalid ${name}: ${detail}.` });
}
