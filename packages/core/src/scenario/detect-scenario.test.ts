import { InvalidArgumentError, type Message } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { detectScenario } from './detect-scenario.js';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ type: 'text', text }] });

describe('detectScenario: the original detection cases (spec §12.4, adapted)', () => {
  it('detects code for "Write a Python function to sort a list"', () => {
    expect(detectScenario('Write a Python function to sort a list').capabilities[0]).toBe('code');
  });

  it('detects reasoning for "Analyze and compare these two approaches step by step"', () => {
    expect(detectScenario('Analyze and compare these two approaches step by step').capabilities[0]).toBe(
      'reasoning',
    );
  });

  it('detects math for "Calculate the integral of x^2"', () => {
    expect(detectScenario('Calculate the integral of x^2').capabilities[0]).toBe('math');
  });

  it('needs nothing special for "Write a haiku"', () => {
    expect(detectScenario('Write a haiku').capabilities).toEqual([]);
  });

  it.each(['classical music', 'fixings', 'treason'])('does not detect anything in "%s"', (text) => {
    expect(detectScenario(text).capabilities).toEqual([]);
  });

  it('detects code through inflected words the original missed ("functions", "coding")', () => {
    expect(
      detectScenario('I am coding two functions in TypeScript and the compiler rejects them').capabilities[0],
    ).toBe('code');
  });
});

describe('detectScenario: hard negatives stay general', () => {
  it.each([
    'Write a poem about numbers',
    'Tell me about the history of Python the snake',
    'Summarise this article about logic gates: AND, OR and NOT gates are the building blocks of circuits.',
    'What is the capital of Peru?',
    'Give me a pancake recipe with 2 cups of flour, 2 eggs and 300 ml of milk.',
    'Plan a 4-day trip to Vienna from 2 to 5 October.',
    'The main function of a library is to give everyone access to books. Write a paragraph about our reading class.',
  ])('%s', (text) => {
    expect(detectScenario(text).capabilities).toEqual([]);
  });
});

describe('detectScenario: secondary capabilities and signals', () => {
  it('lists math after code for a function about primes', () => {
    const scenario = detectScenario(
      'Write a Python function that returns the sum of all prime numbers below n, where n is an integer greater than 2.',
    );
    expect(scenario.capabilities).toEqual(['code', 'math']);
  });

  it('names the signals that fired, strongest first', () => {
    const scenario = detectScenario('```js\nconst x = 1;\n```\nWhy does this crash?');
    expect(scenario.signals[0]).toBe('code:fence');
    expect(scenario.signals).toContain('code:declaration');
  });

  it('puts an explicitly required capability first', () => {
    expect(detectScenario('Write a haiku', { requiredCapability: 'reasoning' }).capabilities).toEqual([
      'reasoning',
    ]);
    const scenario = detectScenario('Write a Python function to sort a list', { requiredCapability: 'math' });
    expect(scenario.capabilities[0]).toBe('math');
    expect(scenario.capabilities).toContain('code');
  });
});

describe('detectScenario: message lists', () => {
  it('weighs the last user turn most', () => {
    const scenario = detectScenario([
      user('What is the capital of France?'),
      assistant('Paris.'),
      user('Write a SQL query that counts the orders per customer.'),
    ]);
    expect(scenario.capabilities[0]).toBe('code');
  });

  it('keeps code from earlier turns relevant for a vague follow-up', () => {
    const scenario = detectScenario([
      user(
        '```python\ndef mean(xs):\n    return sum(xs) / len(xs)\n```\nThis crashes with ZeroDivisionError.',
      ),
      assistant('Check for an empty list before dividing.'),
      user('Can you show me the fixed version?'),
    ]);
    expect(scenario.capabilities[0]).toBe('code');
    expect(scenario.signals.some((s) => s.endsWith('@earlierUser'))).toBe(true);
  });

  it('does not let an old code turn outvote a new plain request', () => {
    const scenario = detectScenario([
      user('def f(x):\n    return x * 2\n\nRename f to double.'),
      assistant('def double(x):\n    return x * 2'),
      user('Thanks! Now write me a birthday poem for my sister, she loves horses and the sea.'),
    ]);
    expect(scenario.capabilities).toEqual([]);
  });

  it('counts a system prompt only a little', () => {
    const system: Message = { role: 'system', content: 'You are a senior TypeScript engineer.' };
    expect(detectScenario([system, user('Tell me a joke about penguins.')]).capabilities).toEqual([]);
  });

  it('reads tool results and assistant text without failing', () => {
    const scenario = detectScenario([
      user('How many apples are left if I buy 12 and eat 5?'),
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'calc', input: '{"expr":"12-5"}' }],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'calc', output: '7' }] },
    ]);
    expect(scenario.capabilities[0]).toBe('math');
  });
});

describe('detectScenario: images', () => {
  it('adds vision when a user message has an image', () => {
    const scenario = detectScenario([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image', image: 'https://example.com/cat.png' },
        ],
      },
    ]);
    expect(scenario.capabilities).toEqual(['vision']);
    expect(scenario.signals).toContain('vision:image');
  });

  it('keeps the text capability primary and vision second', () => {
    const scenario = detectScenario([
      {
        role: 'user',
        content: [
          { type: 'image', image: 'aGVsbG8=', mediaType: 'image/png' },
          { type: 'text', text: 'Solve for x in the equation shown: 3x + 5 = 20.' },
        ],
      },
    ]);
    expect(scenario.capabilities).toEqual(['math', 'vision']);
  });

  it('accepts an image without any text', () => {
    const scenario = detectScenario([
      { role: 'user', content: [{ type: 'image', image: 'https://x.test/a.jpg' }] },
    ]);
    expect(scenario.capabilities).toEqual(['vision']);
    expect(scenario.complexity).toBe('simple');
  });
});

describe('detectScenario: invalid and extreme input', () => {
  it.each([[''], ['   \n\t']])('rejects an empty string prompt', (text) => {
    expect(() => detectScenario(text)).toThrow(/prompt is empty/);
    try {
      detectScenario(text);
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe('prompt');
    }
  });

  it('rejects an empty message list and messages without text', () => {
    expect(() => detectScenario([])).toThrow(/prompt is empty/);
    expect(() => detectScenario([user(''), assistant(' ')])).toThrow(/prompt is empty/);
  });

  it('handles a very long prompt (a megabyte of code) and still detects it', () => {
    const block = 'function add(a, b) {\n  return a + b;\n}\n';
    const text = `Please review this file:\n${block.repeat(Math.ceil(1_000_000 / block.length))}`;
    const scenario = detectScenario(text);
    expect(scenario.capabilities[0]).toBe('code');
    expect(scenario.complexity).toBe('complex');
  });

  it('handles a long prompt without any structure', () => {
    const scenario = detectScenario('a'.repeat(500_000));
    expect(scenario.capabilities).toEqual([]);
    expect(scenario.complexity).toBe('complex');
  });
});

describe('detectScenario: issue #17 (weighing options, causes, claims, actions on code)', () => {
  it.each([
    'Compare Kafka and RabbitMQ for event sourcing',
    'Explain why the build cache misses on every CI run',
    'Analyze the pros and cons of serverless for a small team',
    'Evaluate whether microservices suit a team of three',
    'Weigh the trade-offs between renting and buying',
  ])('detects reasoning in "%s"', (text) => {
    expect(detectScenario(text).capabilities[0]).toBe('reasoning');
  });

  it.each([
    'Refactor this class to use dependency injection',
    'Rename the variable tmp to total in this module',
    'Optimise this loop, it is too slow',
    'Port this script to Go',
    'Review this pull request for race conditions',
    'Refactor the UserService into two classes',
  ])('detects code in "%s"', (text) => {
    expect(detectScenario(text).capabilities[0]).toBe('code');
  });

  it.each([
    'Review this restaurant for me in two paragraphs',
    'Rename my fantasy football team: ten funny names',
    'Port wine or sherry with blue cheese?',
    'Write a short poem comparing autumn to old age',
    'Compare the leadership styles of Lincoln and Churchill',
    'What causes the northern lights?',
    'Suggest a name for a puppy and explain why.',
  ])('keeps "%s" general', (text) => {
    expect(detectScenario(text).capabilities).toEqual([]);
  });
});
