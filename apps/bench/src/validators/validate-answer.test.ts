import { describe, expect, it } from 'vitest';
import { checkJavaScript } from './check-javascript.js';
import { checkPython } from './check-python.js';
import { extractFinalNumber } from './extract-final-number.js';
import { validateAnswer } from './validate-answer.js';

describe('extractFinalNumber', () => {
  it('takes the last number, with separators, decimals and signs', () => {
    expect(extractFinalNumber('17 * 23 = 391')).toBe(391);
    expect(extractFinalNumber('First 3 steps... the total is **1,250.5**.')).toBe(1250.5);
    expect(extractFinalNumber('The ball costs $0.05')).toBe(0.05);
    expect(extractFinalNumber('it drops to -4 degrees')).toBe(-4);
    expect(extractFinalNumber('no digits here')).toBeUndefined();
  });
});

describe('validateAnswer', () => {
  it('contains: case-insensitive by default, case-sensitive on request', () => {
    expect(validateAnswer({ type: 'contains', value: 'canberra' }, 'It is Canberra.').ok).toBe(true);
    expect(validateAnswer({ type: 'contains', value: 'canberra', caseSensitive: true }, 'Canberra').ok).toBe(
      false,
    );
    const result = validateAnswer({ type: 'contains', value: 'Canberra' }, 'Sydney');
    expect(result).toEqual({ ok: false, reason: 'answer does not contain "Canberra"' });
  });

  it('regex: default flag i, explicit flags honoured', () => {
    expect(validateAnswer({ type: 'regex', pattern: '^yes\\b' }, 'YES, because').ok).toBe(true);
    expect(validateAnswer({ type: 'regex', pattern: '^yes\\b', flags: '' }, 'YES').ok).toBe(false);
    expect(validateAnswer({ type: 'regex', pattern: '^\\W*yes\\b' }, 'No. Yes is wrong').ok).toBe(false);
  });

  it('number: the final number within the tolerance', () => {
    expect(validateAnswer({ type: 'number', value: 0.05 }, 'Not $0.10: the ball costs $0.05.').ok).toBe(true);
    expect(validateAnswer({ type: 'number', value: 0.05 }, 'The ball costs $0.10').ok).toBe(false);
    expect(validateAnswer({ type: 'number', value: 3.14, tolerance: 0.01 }, 'about 3.141').ok).toBe(true);
    expect(validateAnswer({ type: 'number', value: 5 }, 'five minutes')).toEqual({
      ok: false,
      reason: 'answer contains no number',
    });
  });

  it('json: bare, fenced or embedded; required keys on an object', () => {
    expect(validateAnswer({ type: 'json' }, '[1, 2]').ok).toBe(true);
    const keys = { type: 'json', requiredKeys: ['mission', 'year'] } as const;
    expect(validateAnswer(keys, 'Here:\n```json\n{"mission": "Apollo 11", "year": 1969}\n```').ok).toBe(true);
    expect(validateAnswer(keys, 'Sure! {"mission": "Apollo 11", "year": 1969} hope that helps').ok).toBe(
      true,
    );
    expect(validateAnswer(keys, '{"mission": "Apollo 11"}')).toEqual({
      ok: false,
      reason: 'JSON answer lacks key(s) year',
    });
    expect(validateAnswer(keys, '[1]')).toEqual({ ok: false, reason: 'JSON answer is not an object' });
    expect(validateAnswer({ type: 'json' }, '{"mission": ').ok).toBe(false);
  });

  it('code (javascript): compiles the fenced code and checks definitions', () => {
    const good = 'Here you go:\n```js\nexport function fizzBuzz(n) {\n  return [];\n}\n```\nDone.';
    expect(validateAnswer({ type: 'code', mustDefine: ['fizzBuzz'] }, good).ok).toBe(true);
    expect(validateAnswer({ type: 'code', mustDefine: ['debounce'] }, good)).toEqual({
      ok: false,
      reason: 'code does not define debounce',
    });
    const broken = '```javascript\nfunction fizzBuzz(n) {\n  return [;\n}\n```';
    const result = validateAnswer({ type: 'code', language: 'javascript' }, broken);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^JavaScript does not parse/);
  });

  it('code (javascript): compiles but never runs the answer', () => {
    const marker = `__bench_ran_${Date.now()}`;
    const code = `globalThis.${marker} = true;\nthrow new Error('ran');`;
    expect(checkJavaScript(code).ok).toBe(true);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('code (python): heuristic structure checks', () => {
    const good =
      '```python\ndef is_palindrome(s):\n    t = [c.lower() for c in s if c.isalnum()]\n    return t == t[::-1]\n```';
    expect(validateAnswer({ type: 'code', language: 'python', mustDefine: ['is_palindrome'] }, good).ok).toBe(
      true,
    );
    expect(checkPython('def f(x):\nreturn x').ok).toBe(false);
    expect(checkPython('def f(x):\n    return (x + 1').ok).toBe(false);
    expect(checkPython('x = "unterminated\n').ok).toBe(false);
    expect(checkPython('I would write a function that checks it.').ok).toBe(false);
    expect(checkPython('class A:\n\tdef f(self):\n\t    return 1').ok).toBe(false);
    expect(checkPython('s = "a # not a comment )"\nprint(s)').ok).toBe(true);
  });

  it('minLength and all: every inner validator must pass, first failure reported', () => {
    const validator = {
      type: 'all',
      of: [
        { type: 'minLength', value: 10 },
        { type: 'contains', value: 'refill' },
      ],
    } as const;
    expect(validateAnswer(validator, 'tokens refill at a fixed rate').ok).toBe(true);
    expect(validateAnswer(validator, 'short')).toEqual({
      ok: false,
      reason: 'answer has 5 characters, fewer than 10',
    });
    expect(validateAnswer(validator, 'a long answer without the word')).toEqual({
      ok: false,
      reason: 'answer does not contain "refill"',
    });
  });
});
