import { describe, expect, it } from 'vitest';
import { createOutputCounter } from './output-counter.js';

// What a stream's output counts as it passes: the count settles a cut stream and drives the output guard.
describe('output counter', () => {
  const length = (text: string) => text.length;

  it('counts text, reasoning and streamed tool input, and notes content', () => {
    for (const part of [
      { type: 'text-delta', id: '0', delta: 'abc' },
      { type: 'reasoning-delta', id: '0', delta: 'abc' },
      { type: 'tool-call-delta', index: 0, toolCallId: 't', toolName: 'f', inputDelta: 'abc' },
    ] as const) {
      const counter = createOutputCounter(length);
      expect(counter.hasContent).toBe(false);
      counter.observe(part as never);
      expect(counter.hasContent).toBe(true);
      expect(counter.total()).toBe(3);
    }
  });

  it('counts a whole tool call once: by its deltas when streamed, by name and input when not', () => {
    const streamed = createOutputCounter(length);
    streamed.observe({
      type: 'tool-call-delta',
      index: 0,
      toolCallId: 't1',
      toolName: 'f',
      inputDelta: '{"a":1}',
    });
    streamed.observe({ type: 'tool-call', toolCallId: 't1', toolName: 'f', input: '{"a":1}' });
    expect(streamed.total()).toBe(7);
    const whole = createOutputCounter(length);
    whole.observe({ type: 'tool-call', toolCallId: 't2', toolName: 'get', input: '{"a":1}' });
    expect(whole.hasContent).toBe(true);
    expect(whole.total()).toBe(10);
  });

  it('counts nothing for other parts', () => {
    const counter = createOutputCounter(length);
    counter.observe({ type: 'error', error: new Error('x') });
    expect(counter.hasContent).toBe(false);
    expect(counter.total()).toBe(0);
  });
});
