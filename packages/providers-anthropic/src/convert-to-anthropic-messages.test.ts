import { InvalidArgumentError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

describe('convertToAnthropicMessages', () => {
  it('extracts one system message as a string and keeps one user turn', () => {
    const result = convertToAnthropicMessages([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
    expect(result.system).toBe('You are helpful.');
    expect(result.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('merges every system message in order as text blocks (the Python adapter kept only the last)', () => {
    const result = convertToAnthropicMessages([
      { role: 'system', content: 'First.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'system', content: 'Second.' },
    ]);
    expect(result.system).toEqual([
      { type: 'text', text: 'First.' },
      { type: 'text', text: 'Second.' },
    ]);
  });

  it('leaves system absent when there is none', () => {
    expect(
      convertToAnthropicMessages([{ role: 'user', content: [{ type: 'text', text: 'x' }] }]).system,
    ).toBeUndefined();
  });

  it('merges consecutive same-role turns so roles alternate', () => {
    const result = convertToAnthropicMessages([
      { role: 'user', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: [{ type: 'text', text: 'b' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'c' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'd' }] },
      { role: 'user', content: [{ type: 'text', text: 'e' }] },
    ]);
    expect(result.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(result.messages[0]!.content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
    ]);
  });

  it('converts a tool round trip: tool_use in the assistant turn, tool_result first in the next user turn', () => {
    const result = convertToAnthropicMessages([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'get_weather', input: '{"city":"Paris"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'get_weather', output: '{"temp":21}' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
    ]);
    expect(result.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp":21}' },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('marks failed tool results and orders tool results before text merged into the same turn', () => {
    const result = convertToAnthropicMessages([
      { role: 'user', content: [{ type: 'text', text: 'note' }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 't', toolName: 'f', output: 'boom', isError: true }],
      },
    ]);
    expect(result.messages[0]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 't', content: 'boom', is_error: true },
      { type: 'text', text: 'note' },
    ]);
  });

  it('sends an empty object for a tool call without arguments', () => {
    const result = convertToAnthropicMessages([
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't', toolName: 'now', input: '' }] },
    ]);
    expect(result.messages[0]!.content[0]).toEqual({ type: 'tool_use', id: 't', name: 'now', input: {} });
  });

  it('rejects tool call input that is not a JSON object', () => {
    const call = (input: string) =>
      convertToAnthropicMessages([
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't', toolName: 'f', input }] },
      ]);
    expect(() => call('{not json')).toThrow(InvalidArgumentError);
    expect(() => call('[1,2]')).toThrow(/JSON object/);
  });

  it('converts data URL, https URL and raw base64 images', () => {
    const result = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'image', image: 'data:image/png;base64,iVBORw0KGgo=' },
          { type: 'image', image: 'https://example.com/cat.jpg' },
          { type: 'image', image: '/9j/4AAQ', mediaType: 'image/jpeg' },
        ],
      },
    ]);
    expect(result.messages[0]!.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
    ]);
  });

  it('rejects raw base64 without a media type and non-base64 data URLs', () => {
    expect(() =>
      convertToAnthropicMessages([{ role: 'user', content: [{ type: 'image', image: 'AAAA' }] }]),
    ).toThrow(/mediaType/);
    expect(() =>
      convertToAnthropicMessages([
        { role: 'user', content: [{ type: 'image', image: 'data:text/plain,hi' }] },
      ]),
    ).toThrow(InvalidArgumentError);
  });

  it('drops empty text parts and turns that become empty', () => {
    const result = convertToAnthropicMessages([
      { role: 'user', content: [{ type: 'text', text: 'x' }] },
      { role: 'assistant', content: [{ type: 'text', text: '' }] },
      { role: 'user', content: [{ type: 'text', text: 'y' }] },
    ]);
    expect(result.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'x' },
          { type: 'text', text: 'y' },
        ],
      },
    ]);
  });
});
