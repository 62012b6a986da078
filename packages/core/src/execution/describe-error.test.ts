import { ApiCallError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';

// The loggable summary of an error at its edges: where a message is cut, and which errors carry a status.
describe('describeError edges', () => {
  it('keeps a 500-character message whole and cuts a longer one with an ellipsis', () => {
    // Words, not one long run: a long unbroken run of letters is key-shaped and redacted.
    const words = (n: number) => 'word '.repeat(n / 5 + 1).slice(0, n);
    expect(describeError(new Error(words(500))).message).toBe(words(500));
    expect(describeError(new Error(`${words(500)}z`)).message).toBe(`${words(500)}…`);
  });

  it('reports a status only for an upstream API error that has one', () => {
    const lookalike = Object.assign(new Error('teapot'), { statusCode: 418 });
    expect(describeError(lookalike)).toEqual({ name: 'Error', message: 'teapot' });
    const noStatus = new ApiCallError({ message: 'reset', provider: 'p', url: 'https://p.test' });
    expect('statusCode' in describeError(noStatus)).toBe(false);
  });
});
