import { InvalidArgumentError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_CONTEXT_WINDOW, parseLocalModelsYaml } from './parse-local-models-yaml.js';

describe('parseLocalModelsYaml', () => {
  it('fills documented defaults for missing fields', () => {
    const [model] = parseLocalModelsYaml(
      'models:\n  - id: deepseek/deepseek-r1\n    input_price: 0.5\n    output_price: 2\n',
    );
    expect(model).toMatchObject({
      id: 'deepseek/deepseek-r1',
      name: 'deepseek/deepseek-r1',
      provider: 'deepseek',
      contextWindow: DEFAULT_LOCAL_CONTEXT_WINDOW,
      maxOutputTokens: undefined,
      tier: 'mid',
      inputModalities: ['text'],
    });
    expect(model!.capabilities).toEqual(expect.arrayContaining(['reasoning', 'math']));
  });
  it('keeps a model without prices unpriced (never free)', () => {
    const [model] = parseLocalModelsYaml('models:\n  - id: local/llama\n');
    expect(model!.pricing).toBeUndefined();
  });
  it.each([
    ['models: [', /not valid YAML/],
    ['- a\n- b', /expected a 'models' key in f.yaml/],
    ['just text', /expected a 'models' key/],
    ['models: 3', /'models' must be a list/],
    ['models:\n  - name: x', /models\[0\]\.id: id is required/],
    ['models:\n  - 7', /models\[0\]: each entry must be a mapping/],
    ['models:\n  - id: a/b\n    input_price: 1', /set both input_price and output_price/],
    ['models:\n  - id: a/b\n    input_price: -1\n    output_price: 1', /input_price: expected a price/],
    ['models:\n  - id: a/b\n    input_price: "1"\n    output_price: 1', /input_price/],
    ['models:\n  - id: a/b\n    context_window: 1.5', /context_window: expected a positive whole number/],
    ['models:\n  - id: a/b\n    capabilities: [telepathy]', /unknown capability "telepathy"/],
    ['models:\n  - id: a/b\n    capabilities: code', /capabilities: expected a list of strings/],
    ['models:\n  - id: a/b\n    tier: premium', /tier: expected one of budget, mid, flagship/],
    ['models:\n  - id: a/b\n  - id: a/b', /duplicate id "a\/b"/],
  ])('rejects %j with a message naming the file and key', (text, message) => {
    let error: unknown;
    try {
      parseLocalModelsYaml(text, 'f.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('f.yaml');
  });
});
