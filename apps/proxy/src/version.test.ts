import { describe, expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };
import { VERSION } from './version.js';

describe('VERSION', () => {
  it('is the version of @tokenwise/proxy-server', () => {
    expect(manifest.name).toBe('@tokenwise/proxy-server');
    expect(VERSION).toBe(manifest.version);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
