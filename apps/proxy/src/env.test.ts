import { InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, readProxyEnv } from './env.js';

describe('readProxyEnv', () => {
  it('applies the documented defaults', () => {
    const env = readProxyEnv({});
    expect(env).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      keys: [],
      defaultBudget: usd('1.0'),
      defaultStrategy: 'balanced',
      ledgerPath: undefined,
      maxBodyBytes: 1_048_576,
      corsOrigins: [],
      processBudget: undefined,
      explicitFailover: false,
      riskGate: { enabled: false, irreversibleBlock: true },
    });
    expect(env.providers.openrouter).toEqual({ apiKey: undefined, baseURL: 'https://openrouter.ai/api/v1' });
  });

  it('reads keys, budget, strategy and provider settings', () => {
    const env = readProxyEnv({
      TOKENWISE_PROXY_HOST: '0.0.0.0',
      TOKENWISE_PROXY_PORT: '9001',
      TOKENWISE_PROXY_KEYS: ' sk-a , sk-b,,',
      TOKENWISE_DEFAULT_BUDGET: '0.05',
      TOKENWISE_DEFAULT_STRATEGY: 'cheapest',
      TOKENWISE_LEDGER_PATH: '/tmp/l.jsonl',
      TOKENWISE_RISK_GATE_ENABLED: 'yes',
      TOKENWISE_PROXY_PROCESS_BUDGET: '$25',
      TOKENWISE_PROXY_MAX_BODY_BYTES: '4096',
      TOKENWISE_PROXY_EXPLICIT_FAILOVER: 'true',
      TOKENWISE_PROXY_CORS_ORIGINS: 'https://a.example, *',
      OPENAI_API_KEY: 'sk-openai',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      GOOGLE_API_KEY: '',
    });
    expect(env).toMatchObject({
      host: '0.0.0.0',
      port: 9001,
      keys: ['sk-a', 'sk-b'],
      defaultBudget: usd('0.05'),
      defaultStrategy: 'cheapest',
      ledgerPath: '/tmp/l.jsonl',
      riskGate: { enabled: true },
      processBudget: usd(25),
      maxBodyBytes: 4096,
      explicitFailover: true,
      corsOrigins: ['https://a.example', '*'],
    });
    expect(env.providers.openai).toEqual({ apiKey: 'sk-openai', baseURL: 'http://127.0.0.1:9/v1' });
    expect(env.providers.google.apiKey).toBeUndefined();
  });

  it('takes settings from the config file, the environment winning', () => {
    const env = readProxyEnv(
      { TOKENWISE_DEFAULT_STRATEGY: 'best_quality', TOKENWISE_PROXY_PORT: '0' },
      { text: 'default_budget: 0.25\ndefault_strategy: cheapest\n', path: 'config.yaml' },
    );
    expect(env).toMatchObject({ defaultBudget: usd('0.25'), defaultStrategy: 'best_quality', port: 0 });
  });

  it('reads the proxy limits from the config file too (the same keys `tokenwise serve` reads)', () => {
    const env = readProxyEnv(
      { TOKENWISE_PROXY_MAX_BODY_BYTES: '2048' },
      {
        text: 'proxy_max_body_bytes: 512\nproxy_process_budget: $3\nproxy_explicit_failover: yes\n',
        path: 'config.yaml',
      },
    );
    expect(env).toMatchObject({ maxBodyBytes: 2048, processBudget: usd(3), explicitFailover: true });
    expect(env.warnings).toEqual([]);
  });

  it('names the variable of an invalid value', () => {
    for (const [name, value] of [
      ['TOKENWISE_PROXY_PORT', '80a'],
      ['TOKENWISE_PROXY_PORT', '70000'],
      ['TOKENWISE_PROXY_MAX_BODY_BYTES', '1k'],
      ['TOKENWISE_PROXY_MAX_BODY_BYTES', '0'],
      ['TOKENWISE_PROXY_PROCESS_BUDGET', 'lots'],
      ['TOKENWISE_PROXY_EXPLICIT_FAILOVER', 'maybe'],
      ['TOKENWISE_DEFAULT_BUDGET', 'cheap'],
      ['TOKENWISE_DEFAULT_BUDGET', '-1'],
      ['TOKENWISE_DEFAULT_STRATEGY', 'fastest'],
    ] as const) {
      const error = (() => {
        try {
          readProxyEnv({ [name]: value });
        } catch (e) {
          return e;
        }
      })();
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(name);
    }
  });
});

describe('isLoopbackHost', () => {
  it('accepts loopback names and addresses only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.com'])
      expect(isLoopbackHost(host)).toBe(false);
  });
});
