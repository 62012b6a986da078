import { describe, expect, it } from 'vitest';
import { resolveModelName } from './resolve-model-name.js';

describe('resolveModelName', () => {
  it.each([
    ['claude-sonnet-4-5', 'anthropic/claude-sonnet-4.5'],
    ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4.5'],
    ['claude-haiku-4-5', 'anthropic/claude-haiku-4.5'],
    ['claude-sonnet-4-20250514', 'anthropic/claude-sonnet-4'],
    ['claude-3-haiku-20240307', 'anthropic/claude-3-haiku'],
    ['claude-opus-4-1', 'anthropic/claude-opus-4.1'],
    ['claude-3-5-haiku-latest', 'anthropic/claude-3.5-haiku'],
    ['claude-3-7-sonnet-20250219', 'anthropic/claude-3.7-sonnet'],
    ['claude-opus-4-9', 'anthropic/claude-opus-4.9'],
    ['gpt-4.1-mini', 'openai/gpt-4.1-mini'],
    ['o3', 'openai/o3'],
    ['gemini-2.5-flash', 'google/gemini-2.5-flash'],
  ])('maps the vendor id %s to the catalog id %s', (name, id) => {
    expect(resolveModelName(name)).toEqual({ id, via: 'native' });
  });

  it.each(['auto', 'tokenwise/cheapest', 'anthropic/claude-sonnet-4.5', 'openrouter/auto', 'my-local-llama'])(
    'passes %s through unchanged',
    (name) => {
      expect(resolveModelName(name)).toEqual({ id: name, via: 'as-is' });
    },
  );

  it('applies an operator alias first, exactly as written', () => {
    const aliases = {
      'claude-3-5-haiku-20241022': 'tokenwise/cheapest',
      'gpt-4o': 'anthropic/claude-sonnet-4.5',
    };
    expect(resolveModelName('claude-3-5-haiku-20241022', aliases)).toEqual({
      id: 'tokenwise/cheapest',
      via: 'alias',
    });
    expect(resolveModelName('gpt-4o', aliases).id).toBe('anthropic/claude-sonnet-4.5');
    expect(resolveModelName('toString', aliases)).toEqual({ id: 'toString', via: 'as-is' });
  });
});
