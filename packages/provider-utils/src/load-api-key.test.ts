import { LoadApiKeyError } from '@tokenwise/spec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { combineHeaders } from './combine-headers.js';
import { createIdGenerator, generateId } from './generate-id.js';
import { loadApiKey } from './load-api-key.js';
import { loadOptionalSetting, loadSetting } from './load-setting.js';
import { withoutTrailingSlash } from './without-trailing-slash.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loadApiKey', () => {
  it('prefers the explicit key', () => {
    vi.stubEnv('TW_TEST_KEY', 'from-env');
    expect(loadApiKey({ apiKey: 'explicit', environmentVariableName: 'TW_TEST_KEY', provider: 'x' })).toBe(
      'explicit',
    );
  });

  it('reads the environment at call time', () => {
    const load = () =>
      loadApiKey({ apiKey: undefined, environmentVariableName: 'TW_TEST_KEY', provider: 'x' });
    vi.stubEnv('TW_TEST_KEY', 'first');
    expect(load()).toBe('first');
    vi.stubEnv('TW_TEST_KEY', 'second');
    expect(load()).toBe('second');
  });

  it('throws LoadApiKeyError naming the variable when missing or empty', () => {
    vi.stubEnv('TW_TEST_KEY', '');
    try {
      loadApiKey({ apiKey: undefined, environmentVariableName: 'TW_TEST_KEY', provider: 'openai' });
      expect.unreachable();
    } catch (error) {
      expect(LoadApiKeyError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('TW_TEST_KEY');
    }
  });
});

describe('loadSetting', () => {
  it('uses value, then environment, then default', () => {
    vi.stubEnv('TW_TEST_URL', 'http://env');
    expect(
      loadSetting({ settingValue: 'http://x', environmentVariableName: 'TW_TEST_URL', defaultValue: 'd' }),
    ).toBe('http://x');
    expect(
      loadSetting({ settingValue: undefined, environmentVariableName: 'TW_TEST_URL', defaultValue: 'd' }),
    ).toBe('http://env');
    vi.stubEnv('TW_TEST_URL', '');
    expect(
      loadSetting({ settingValue: undefined, environmentVariableName: 'TW_TEST_URL', defaultValue: 'd' }),
    ).toBe('d');
    expect(
      loadOptionalSetting({ settingValue: undefined, environmentVariableName: 'TW_TEST_URL' }),
    ).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('withoutTrailingSlash strips every trailing slash', () => {
    expect(withoutTrailingSlash('http://x/v1//')).toBe('http://x/v1');
    expect(withoutTrailingSlash(undefined)).toBeUndefined();
  });

  it('combineHeaders merges case-insensitively and drops undefined', () => {
    expect(
      combineHeaders({ Authorization: 'a', 'X-A': '1' }, { authorization: 'b', 'x-b': undefined }),
    ).toEqual({
      'X-A': '1',
      authorization: 'b',
    });
  });

  it('generates distinct prefixed ids', () => {
    const next = createIdGenerator({ prefix: 'call', size: 8 });
    const a = next();
    expect(a).toMatch(/^call_[0-9A-Za-z]{8}$/);
    expect(next()).not.toBe(a);
    expect(generateId()).toHaveLength(16);
  });
});
