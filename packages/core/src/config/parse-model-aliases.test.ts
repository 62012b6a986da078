import { InvalidArgumentError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { parseModelAliases } from './parse-model-aliases.js';

describe('parseModelAliases', () => {
  it('reads name=target pairs and mappings', () => {
    expect(
      parseModelAliases(' claude-3-5-haiku-latest=tokenwise/cheapest , gpt-4o=openai/gpt-4.1 ,', 'ENV'),
    ).toEqual({
      'claude-3-5-haiku-latest': 'tokenwise/cheapest',
      'gpt-4o': 'openai/gpt-4.1',
    });
    expect(parseModelAliases({ small: 'auto' }, 'file')).toEqual({ small: 'auto' });
  });

  it.each([
    ['x', 'is not name=target'],
    ['x=tokenwise/fastest', 'is not a model or strategy'],
    ['x=gpt-4o', 'is not a model or strategy'],
    ['=openai/gpt-4.1', 'is not name=target'],
  ])('refuses %s with a one-line error', (text, problem) => {
    let error: unknown;
    try {
      parseModelAliases(text, 'TOKENWISE_MODEL_ALIASES');
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('TOKENWISE_MODEL_ALIASES must be');
    expect((error as Error).message).toContain(problem);
  });
});

describe('loadConfig: model_aliases', () => {
  it('merges the file map with the environment, the environment winning per name', () => {
    const config = loadConfig({
      fileText: 'model_aliases:\n  claude-3-5-haiku-latest: tokenwise/cheapest\n  gpt-4o: openai/gpt-4.1\n',
      env: { TOKENWISE_MODEL_ALIASES: 'gpt-4o=anthropic/claude-sonnet-4.5' },
    });
    expect(config.modelAliases).toEqual({
      'claude-3-5-haiku-latest': 'tokenwise/cheapest',
      'gpt-4o': 'anthropic/claude-sonnet-4.5',
    });
    expect(config.warnings).toEqual([]);
  });

  it('defaults to no aliases', () => {
    expect(loadConfig({}).modelAliases).toEqual({});
  });
});
