import { describe, expect, it } from 'vitest';
import { smokeCheck } from './smoke-check.js';

describe('smokeCheck', () => {
  it('resolves to ok without network or environment', async () => {
    await expect(smokeCheck()).resolves.toBe('ok');
  });
});
