import type { CallRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createRequestLogger } from './create-request-logger.js';
import { logStartup, providerKeyStatus } from './log-startup.js';

function sink() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

const REQUEST: CallRecord = {
  kind: 'request',
  timestamp: '2026-12-01T10:00:00.000Z',
  source: 'proxy',
  requestId: 'req-1',
  reason: 'proxy request',
  modelId: 'anthropic/claude-sonnet-4.5',
  inputTokens: 120,
  outputTokens: 30,
  cost: usd('0.000123456789'),
  success: true,
  outcome: 'ok',
  door: 'chat',
  keyId: 'key_1',
  teamId: 'team_a',
  modelAsked: 'auto',
  strategy: 'balanced',
  status: 200,
  modelsTried: ['openai/gpt-4.1', 'anthropic/claude-sonnet-4.5'],
  latencyMs: 812,
};

describe('createRequestLogger', () => {
  it('writes one JSON line per request with ids, models, status, attempts, tokens, exact cost and duration', () => {
    const { lines, destination } = sink();
    createRequestLogger({ destination }).onRecord(REQUEST);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request',
      service: 'tokenwise',
      requestId: 'req-1',
      door: 'chat',
      keyId: 'key_1',
      teamId: 'team_a',
      modelAsked: 'auto',
      model: 'anthropic/claude-sonnet-4.5',
      status: 200,
      outcome: 'ok',
      attempts: 2,
      inputTokens: 120,
      outputTokens: 30,
      cost: '0.000123456789',
      durationMs: 812,
    });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('logs failures at warn or error, never with a secret, and attempts only at debug', () => {
    const { lines, destination } = sink();
    const log = createRequestLogger({ destination });
    log.onRecord({
      ...REQUEST,
      success: false,
      outcome: 'refused',
      status: 402,
      errorCode: 'budget_exceeded',
    });
    log.onRecord({
      ...REQUEST,
      success: false,
      outcome: 'error',
      status: 502,
      errorMessage: 'upstream said: bad key sk-proj-abcdefghijklmnopqrstuvwxyz0123',
    });
    log.onRecord({ ...REQUEST, kind: 'attempt', attempt: 1 });
    expect(lines.map((l) => l.level)).toEqual([40, 50]);
    expect(JSON.stringify(lines)).not.toContain('sk-proj-abcdefghijklmnopqrstuvwxyz0123');

    const debug = sink();
    createRequestLogger({ level: 'debug', destination: debug.destination }).onRecord({
      ...REQUEST,
      kind: 'attempt',
      attempt: 1,
    });
    expect(debug.lines[0]).toMatchObject({ level: 20, msg: 'attempt', requestId: 'req-1', attempt: 1 });

    const silent = sink();
    createRequestLogger({ level: 'silent', destination: silent.destination }).onRecord(REQUEST);
    expect(silent.lines).toEqual([]);
  });
});

describe('logStartup', () => {
  const info = (env: Record<string, string>) => ({
    server: 'tokenwise serve',
    version: '0.1.0',
    listen: 'http://127.0.0.1:8000',
    catalog: { source: 'bundled', models: 312 },
    providers: providerKeyStatus(env),
    ledgerStore: 'jsonl /tmp/ledger.jsonl',
    metrics: 'http://127.0.0.1:8000/metrics',
    adminKeySet: false,
  });

  it('names the providers with a key by env var, never the value', () => {
    const { lines, destination } = sink();
    const { logger } = createRequestLogger({ destination });
    logStartup(logger, info({ ANTHROPIC_API_KEY: 'sk-ant-very-secret-value' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'TokenWise starting',
      providers: ['anthropic (ANTHROPIC_API_KEY)'],
      catalog: { source: 'bundled', models: 312 },
      dashboard: 'off (TOKENWISE_ADMIN_KEY not set)',
    });
    expect(JSON.stringify(lines)).not.toContain('very-secret');
  });

  it('warns when no provider key is set', () => {
    const { lines, destination } = sink();
    logStartup(createRequestLogger({ destination }).logger, info({ OPENAI_API_KEY: '  ' }));
    expect(lines[1]).toMatchObject({ level: 40 });
    expect(String(lines[1]!.msg)).toMatch(/No provider API key is set.*OPENAI_API_KEY, ANTHROPIC_API_KEY/);
  });
});
