import { InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { describeConfig } from './describe-config.js';
import { CONFIG_ENV_VARS, loadConfig } from './load-config.js';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('loadConfig defaults (spec §11.2, seed README)', () => {
  it('gives every documented default', () => {
    const config = loadConfig();
    expect(config).toMatchObject({
      openrouterApiKey: undefined,
      openaiApiKey: undefined,
      openrouterBaseURL: 'https://openrouter.ai/api/v1',
      openaiBaseURL: undefined,
      defaultStrategy: 'balanced',
      defaultBudget: usd('1'),
      plannerModel: 'openai/gpt-4.1-mini',
      proxyHost: '127.0.0.1',
      proxyPort: 8000,
      proxyKeys: [],
      proxyMaxBodyBytes: 1_048_576,
      proxyCorsOrigins: [],
      proxyProcessBudget: undefined,
      proxyExplicitFailover: false,
      proxyDrainSeconds: 10,
      cacheTtlSeconds: 3600,
      localModelsFile: undefined,
      ledgerPath: undefined,
      databaseUrl: undefined,
      databaseSchema: 'tokenwise',
      adminKey: undefined,
      minOutputTokens: 100,
      escalationPolicy: 'flexible',
      traceLevel: 'basic',
      riskGate: { enabled: false, irreversibleBlock: true, ambiguityThreshold: 0.9 },
      modelOverrides: {},
      modelAliases: {},
      configFile: undefined,
      warnings: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.riskGate)).toBe(true);
  });
  it('lists every environment variable it reads', () => {
    expect(CONFIG_ENV_VARS).toEqual(
      expect.arrayContaining([
        'OPENROUTER_API_KEY',
        'OPENAI_API_KEY',
        'ANTHROPIC_API_KEY',
        'GOOGLE_API_KEY',
        'OPENROUTER_BASE_URL',
        'OPENAI_BASE_URL',
        'ANTHROPIC_BASE_URL',
        'GOOGLE_BASE_URL',
        'TOKENWISE_DEFAULT_STRATEGY',
        'TOKENWISE_DEFAULT_BUDGET',
        'TOKENWISE_PLANNER_MODEL',
        'TOKENWISE_PROXY_HOST',
        'TOKENWISE_PROXY_PORT',
        'TOKENWISE_PROXY_KEYS',
        'TOKENWISE_PROXY_MAX_BODY_BYTES',
        'TOKENWISE_PROXY_CORS_ORIGINS',
        'TOKENWISE_PROXY_PROCESS_BUDGET',
        'TOKENWISE_PROXY_EXPLICIT_FAILOVER',
        'TOKENWISE_CACHE_TTL',
        'TOKENWISE_LOCAL_MODELS',
        'TOKENWISE_LEDGER_PATH',
        'TOKENWISE_DATABASE_URL',
        'TOKENWISE_DATABASE_SCHEMA',
        'TOKENWISE_ADMIN_KEY',
        'TOKENWISE_MIN_OUTPUT_TOKENS',
        'TOKENWISE_ESCALATION_POLICY',
        'TOKENWISE_TRACE_LEVEL',
        'TOKENWISE_RISK_GATE_ENABLED',
        'TOKENWISE_RISK_GATE_IRREVERSIBLE_BLOCK',
        'TOKENWISE_RISK_GATE_AMBIGUITY_THRESHOLD',
      ]),
    );
  });
});

describe('proxy settings: body limit, process budget, explicit failover', () => {
  it('reads them from the environment', () => {
    const config = loadConfig({
      env: {
        TOKENWISE_PROXY_MAX_BODY_BYTES: ' 2048 ',
        TOKENWISE_PROXY_PROCESS_BUDGET: '$25',
        TOKENWISE_PROXY_EXPLICIT_FAILOVER: '1',
      },
    });
    expect(config.proxyMaxBodyBytes).toBe(2048);
    expect(config.proxyProcessBudget).toBe(usd(25));
    expect(config.proxyExplicitFailover).toBe(true);
  });
  it('reads them from the config file, the environment winning', () => {
    const fileText = 'proxy_max_body_bytes: 4096\nproxy_process_budget: 2.5\nproxy_explicit_failover: true\n';
    const fromFile = loadConfig({ fileText });
    expect(fromFile).toMatchObject({
      proxyMaxBodyBytes: 4096,
      proxyProcessBudget: usd('2.5'),
      proxyExplicitFailover: true,
      warnings: [],
    });
    const overridden = loadConfig({
      fileText,
      env: { TOKENWISE_PROXY_EXPLICIT_FAILOVER: 'false', TOKENWISE_PROXY_PROCESS_BUDGET: '0' },
    });
    expect(overridden.proxyExplicitFailover).toBe(false);
    // Zero is a real ceiling (the process may spend nothing), not "unset".
    expect(overridden.proxyProcessBudget).toBe(0n);
    expect(overridden.proxyMaxBodyBytes).toBe(4096);
  });
  it('accepts the limits of the body size and both boolean spellings', () => {
    expect(loadConfig({ env: { TOKENWISE_PROXY_MAX_BODY_BYTES: '1' } }).proxyMaxBodyBytes).toBe(1);
    expect(loadConfig({ env: { TOKENWISE_PROXY_MAX_BODY_BYTES: '1073741824' } }).proxyMaxBodyBytes).toBe(
      1_073_741_824,
    );
    expect(loadConfig({ env: { TOKENWISE_PROXY_EXPLICIT_FAILOVER: 'true' } }).proxyExplicitFailover).toBe(
      true,
    );
    expect(loadConfig({ env: { TOKENWISE_PROXY_EXPLICIT_FAILOVER: '0' } }).proxyExplicitFailover).toBe(false);
  });
  it('reads the drain time of a stopping proxy, and refuses anything but whole seconds up to an hour', () => {
    expect(loadConfig({ env: { TOKENWISE_PROXY_DRAIN_SECONDS: '0' } }).proxyDrainSeconds).toBe(0);
    expect(loadConfig({ fileText: 'proxy_drain_seconds: 30\n' }).proxyDrainSeconds).toBe(30);
    expect(() => loadConfig({ env: { TOKENWISE_PROXY_DRAIN_SECONDS: '1.5' } })).toThrow(
      'TOKENWISE_PROXY_DRAIN_SECONDS must be a whole number of seconds from 0 to 3600 (got "1.5").',
    );
    expect(() => loadConfig({ env: { TOKENWISE_PROXY_DRAIN_SECONDS: '3601' } })).toThrow(
      'TOKENWISE_PROXY_DRAIN_SECONDS',
    );
  });
});

describe('precedence: env > file > default', () => {
  const fileText = `
default_strategy: cheapest
default_budget: 0.50
planner_model: anthropic/claude-haiku-4.5
proxy_port: 9000
proxy_keys: [k1, k2]
openai_api_key: sk-file
risk_gate:
  enabled: true
  ambiguity_threshold: 0.7
model_overrides:
  openai/gpt-5:
    tier: mid
    capabilities: [code, reasoning]
    input_price: 1
`;
  it('reads the file', () => {
    const config = loadConfig({ fileText, filePath: '/home/u/.config/tokenwise/config.yaml' });
    expect(config.defaultStrategy).toBe('cheapest');
    expect(config.defaultBudget).toBe(usd('0.5'));
    expect(config.plannerModel).toBe('anthropic/claude-haiku-4.5');
    expect(config.proxyPort).toBe(9000);
    expect(config.proxyKeys).toEqual(['k1', 'k2']);
    expect(config.openaiApiKey).toBe('sk-file');
    expect(config.riskGate).toEqual({ enabled: true, irreversibleBlock: true, ambiguityThreshold: 0.7 });
    expect(config.modelOverrides).toEqual({
      'openai/gpt-5': { tier: 'mid', capabilities: ['code', 'reasoning'], inputPrice: 1 },
    });
    expect(config.configFile).toBe('/home/u/.config/tokenwise/config.yaml');
  });
  it('lets the environment win, key by key (risk gate too)', () => {
    const config = loadConfig({
      fileText,
      env: {
        TOKENWISE_DEFAULT_STRATEGY: 'best_quality',
        TOKENWISE_DEFAULT_BUDGET: '0.05',
        OPENAI_API_KEY: 'sk-env',
        TOKENWISE_PROXY_KEYS: ' a , b ,,',
        TOKENWISE_RISK_GATE_ENABLED: 'no',
        TOKENWISE_PROXY_PORT: '',
        OPENROUTER_BASE_URL: 'http://127.0.0.1:4000/api/v1/',
      },
    });
    expect(config.defaultStrategy).toBe('best_quality');
    expect(config.defaultBudget).toBe(usd('0.05'));
    expect(config.openaiApiKey).toBe('sk-env');
    expect(config.proxyKeys).toEqual(['a', 'b']);
    expect(config.riskGate).toEqual({ enabled: false, irreversibleBlock: true, ambiguityThreshold: 0.7 });
    expect(config.proxyPort).toBe(9000); // an empty env var counts as unset
    expect(config.openrouterBaseURL).toBe('http://127.0.0.1:4000/api/v1');
  });
  it('reads the allowed CORS origins from the environment or the file, and rejects paths', () => {
    const fromEnv = loadConfig({
      env: { TOKENWISE_PROXY_CORS_ORIGINS: ' https://app.example.com/ , http://localhost:3000,,*' },
    });
    expect(fromEnv.proxyCorsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000', '*']);
    const fromFile = loadConfig({ fileText: 'proxy_cors_origins: [https://a.example, "null"]' });
    expect(fromFile.proxyCorsOrigins).toEqual(['https://a.example', 'null']);
    expect(
      errorOf(() => loadConfig({ env: { TOKENWISE_PROXY_CORS_ORIGINS: 'https://a.example/app' } })).message,
    ).toBe(
      'TOKENWISE_PROXY_CORS_ORIGINS must be origins like https://app.example.com or * (scheme and host, no path) (got "https://a.example/app").',
    );
    expect(describeConfig(fromEnv).proxyCorsOrigins).toEqual(fromEnv.proxyCorsOrigins);
  });
  it('reports unknown file keys without failing', () => {
    const config = loadConfig({ fileText: 'defualt_budget: 2\n', filePath: 'c.yaml' });
    expect(config.warnings).toEqual(['c.yaml: unknown key "defualt_budget" ignored.']);
  });
  it('accepts an empty file', () => {
    expect(loadConfig({ fileText: '' }).proxyPort).toBe(8000);
    expect(loadConfig({ fileText: '# only a comment\n' }).proxyPort).toBe(8000);
  });
});

describe('bad values give one-line messages naming the key and the expected form', () => {
  it.each([
    [
      { TOKENWISE_DEFAULT_BUDGET: 'abc' },
      'TOKENWISE_DEFAULT_BUDGET must be a positive USD amount like 0.50 (got "abc").',
    ],
    [
      { TOKENWISE_DEFAULT_BUDGET: '0' },
      'TOKENWISE_DEFAULT_BUDGET must be a positive USD amount like 0.50 (got "0").',
    ],
    [
      { TOKENWISE_DEFAULT_BUDGET: '-1' },
      'TOKENWISE_DEFAULT_BUDGET must be a positive USD amount like 0.50 (got "-1").',
    ],
    [
      { TOKENWISE_DEFAULT_STRATEGY: 'fastest' },
      'TOKENWISE_DEFAULT_STRATEGY must be one of cheapest, balanced, best_quality (got "fastest").',
    ],
    [
      { TOKENWISE_PROXY_PORT: '80a' },
      'TOKENWISE_PROXY_PORT must be a port number from 1 to 65535 (got "80a").',
    ],
    [
      { TOKENWISE_PROXY_PORT: '70000' },
      'TOKENWISE_PROXY_PORT must be a port number from 1 to 65535 (got "70000").',
    ],
    [
      { TOKENWISE_CACHE_TTL: '1h' },
      'TOKENWISE_CACHE_TTL must be a whole number of seconds like 3600 (got "1h").',
    ],
    [
      { TOKENWISE_MIN_OUTPUT_TOKENS: '0' },
      'TOKENWISE_MIN_OUTPUT_TOKENS must be a positive whole number of tokens like 100 (got "0").',
    ],
    [
      { TOKENWISE_RISK_GATE_ENABLED: 'maybe' },
      'TOKENWISE_RISK_GATE_ENABLED must be true or false (also 1/0, yes/no, on/off) (got "maybe").',
    ],
    [
      { TOKENWISE_RISK_GATE_AMBIGUITY_THRESHOLD: '2' },
      'TOKENWISE_RISK_GATE_AMBIGUITY_THRESHOLD must be a number between 0 and 1 like 0.9 (got "2").',
    ],
    [
      { TOKENWISE_ESCALATION_POLICY: 'sideways' },
      'TOKENWISE_ESCALATION_POLICY must be one of flexible, monotonic (got "sideways").',
    ],
    [
      { TOKENWISE_PROXY_MAX_BODY_BYTES: '1k' },
      'TOKENWISE_PROXY_MAX_BODY_BYTES must be a whole number of bytes from 1 to 1073741824 (got "1k").',
    ],
    [
      { TOKENWISE_PROXY_MAX_BODY_BYTES: '0' },
      'TOKENWISE_PROXY_MAX_BODY_BYTES must be a whole number of bytes from 1 to 1073741824 (got "0").',
    ],
    [
      { TOKENWISE_PROXY_MAX_BODY_BYTES: '1073741825' },
      'TOKENWISE_PROXY_MAX_BODY_BYTES must be a whole number of bytes from 1 to 1073741824 (got "1073741825").',
    ],
    [
      { TOKENWISE_PROXY_PROCESS_BUDGET: 'lots' },
      'TOKENWISE_PROXY_PROCESS_BUDGET must be a USD amount like 25.00 (got "lots").',
    ],
    [
      { TOKENWISE_PROXY_PROCESS_BUDGET: '-5' },
      'TOKENWISE_PROXY_PROCESS_BUDGET must be a USD amount like 25.00 (got "-5").',
    ],
    [
      { TOKENWISE_PROXY_EXPLICIT_FAILOVER: 'sometimes' },
      'TOKENWISE_PROXY_EXPLICIT_FAILOVER must be true or false (also 1/0, yes/no, on/off) (got "sometimes").',
    ],
    [
      { OPENAI_BASE_URL: 'api.openai.com' },
      'OPENAI_BASE_URL must be an http(s) URL like https://openrouter.ai/api/v1 (got "api.openai.com").',
    ],
  ])('%j', (env, message) => {
    expect(errorOf(() => loadConfig({ env })).message).toBe(message);
  });
  it('names the file key for bad file values', () => {
    expect(errorOf(() => loadConfig({ fileText: 'proxy_port: high', filePath: 'c.yaml' })).message).toBe(
      'c.yaml: proxy_port must be a port number from 1 to 65535 (got "high").',
    );
    expect(
      errorOf(() => loadConfig({ fileText: 'risk_gate:\n  enabled: 3', filePath: 'c.yaml' })).message,
    ).toMatch(/^c\.yaml: risk_gate\.enabled must be true or false/);
    expect(
      errorOf(() => loadConfig({ fileText: 'model_overrides:\n  a/b:\n    tier: huge', filePath: 'c.yaml' }))
        .message,
    ).toMatch(/^c\.yaml: model_overrides\.a\/b\.tier is invalid/);
    expect(
      errorOf(() => loadConfig({ fileText: 'model_overrides: [1]', filePath: 'c.yaml' })).message,
    ).toMatch(/model_overrides must be a mapping/);
  });
  it('rejects a file that is not a YAML mapping', () => {
    expect(errorOf(() => loadConfig({ fileText: 'a: [', filePath: 'c.yaml' })).message).toMatch(
      /^c\.yaml is not valid YAML/,
    );
    expect(errorOf(() => loadConfig({ fileText: '- 1\n- 2', filePath: 'c.yaml' })).message).toMatch(
      /must be a YAML mapping/,
    );
  });
  it('never echoes a secret in an error', () => {
    const error = errorOf(() => loadConfig({ fileText: 'openai_api_key: [sk-secret-value]' }));
    expect(error.message).not.toContain('sk-secret-value');
    const keys = errorOf(() => loadConfig({ fileText: 'proxy_keys: [sk-secret-value, 3]' }));
    expect(keys.message).not.toContain('sk-secret-value');
  });
});

describe('describeConfig', () => {
  it('masks every key and prints the budget as decimal USD', () => {
    const config = loadConfig({
      env: {
        OPENROUTER_API_KEY: 'sk-or-v1-0123456789abcdefWXYZ',
        ANTHROPIC_API_KEY: 'short-key',
        TOKENWISE_PROXY_KEYS: 'proxy-key-0123456789-abcd',
        TOKENWISE_DEFAULT_BUDGET: '0.25',
      },
    });
    const described = describeConfig(config);
    const text = JSON.stringify(described);
    expect(text).not.toContain('sk-or-v1-0123456789abcdef');
    expect(text).not.toContain('short-key');
    expect(text).not.toContain('proxy-key-0123456789');
    expect(described.openrouterApiKey).toBe('set (…WXYZ)');
    expect(described.anthropicApiKey).toBe('set');
    expect(described.openaiApiKey).toBe('not set');
    expect(described.defaultBudget).toBe('0.25');
    expect(described).toMatchObject({
      proxyMaxBodyBytes: 1_048_576,
      proxyProcessBudget: null,
      proxyExplicitFailover: false,
    });
    const budgeted = describeConfig(loadConfig({ env: { TOKENWISE_PROXY_PROCESS_BUDGET: '25' } }));
    expect(budgeted.proxyProcessBudget).toBe('25');
  });
});

describe('database and admin settings', () => {
  it('reads TOKENWISE_DATABASE_URL and TOKENWISE_ADMIN_KEY and never prints the password or the admin key', () => {
    const config = loadConfig({
      env: {
        TOKENWISE_DATABASE_URL: 'postgres://tw:pa55-WORD@db.internal:5432/tokenwise',
        TOKENWISE_ADMIN_KEY: 'admin-key-0123456789-abcd',
      },
    });
    expect(config.databaseUrl).toBe('postgres://tw:pa55-WORD@db.internal:5432/tokenwise');
    expect(config.adminKey).toBe('admin-key-0123456789-abcd');
    const described = describeConfig(config);
    expect(described.databaseUrl).toBe('postgres://tw:***@db.internal:5432/tokenwise');
    expect(described.adminKey).toBe('set (…abcd)');
    expect(JSON.stringify(described)).not.toMatch(/pa55-WORD|admin-key-0123/);
    expect(loadConfig({ fileText: 'database_url: postgresql://u@h/db' }).databaseUrl).toBe(
      'postgresql://u@h/db',
    );
  });

  it('refuses a URL that is not PostgreSQL without echoing it', () => {
    const error = errorOf(() => loadConfig({ env: { TOKENWISE_DATABASE_URL: 'mysql://u:hunter2@h/db' } }));
    expect(error.message).toMatch(/TOKENWISE_DATABASE_URL must be a PostgreSQL URL/);
    expect(error.message).not.toContain('hunter2');
    expect(() => loadConfig({ env: { TOKENWISE_DATABASE_SCHEMA: 'Bad-Name' } })).toThrow(
      /TOKENWISE_DATABASE_SCHEMA must be/,
    );
  });
});

describe('operations settings: admin key, metrics port and auth, log level', () => {
  it('defaults to no admin key, metrics on the proxy port and open, level info', () => {
    expect(loadConfig({ env: {} })).toMatchObject({
      adminKey: undefined,
      metricsPort: undefined,
      metricsAuth: 'none',
      logLevel: 'info',
    });
  });

  it('reads them from the environment and masks the admin key when described', () => {
    const config = loadConfig({
      env: {
        TOKENWISE_ADMIN_KEY: 'admin-secret-0123456789-abcd',
        TOKENWISE_METRICS_PORT: '9464',
        TOKENWISE_METRICS_AUTH: 'ADMIN',
        TOKENWISE_LOG_LEVEL: 'debug',
      },
    });
    expect(config).toMatchObject({ metricsPort: 9464, metricsAuth: 'admin', logLevel: 'debug' });
    expect(config.adminKey).toBe('admin-secret-0123456789-abcd');
    const described = describeConfig(config);
    expect(described.adminKey).toBe('set (…abcd)');
    expect(JSON.stringify(described)).not.toContain('admin-secret');
    for (const name of [
      'TOKENWISE_ADMIN_KEY',
      'TOKENWISE_METRICS_PORT',
      'TOKENWISE_METRICS_AUTH',
      'TOKENWISE_LOG_LEVEL',
    ]) {
      expect(CONFIG_ENV_VARS).toContain(name);
    }
  });

  it('rejects a bad port, auth mode or level with one clear line', () => {
    expect(errorOf(() => loadConfig({ env: { TOKENWISE_METRICS_PORT: '70000' } })).message).toMatch(
      /TOKENWISE_METRICS_PORT.*port number/,
    );
    expect(errorOf(() => loadConfig({ env: { TOKENWISE_METRICS_AUTH: 'basic' } })).message).toMatch(
      /TOKENWISE_METRICS_AUTH/,
    );
    expect(errorOf(() => loadConfig({ env: { TOKENWISE_LOG_LEVEL: 'loud' } })).message).toMatch(
      /TOKENWISE_LOG_LEVEL/,
    );
  });
});

describe('default output reservation', () => {
  it('defaults to 4096 tokens and reads TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS or default_max_output_tokens', () => {
    expect(loadConfig({ env: {} }).defaultMaxOutputTokens).toBe(4096);
    expect(loadConfig({ env: { TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS: '1000' } }).defaultMaxOutputTokens).toBe(
      1000,
    );
    expect(loadConfig({ fileText: 'default_max_output_tokens: 256' }).defaultMaxOutputTokens).toBe(256);
    expect(() => loadConfig({ env: { TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS: '0' } })).toThrow(
      /TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS/,
    );
  });
});
