import { InvalidArgumentError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { convertToGoogleContents } from './convert-to-google-contents.js';

describe('convertToGoogleContents', () => {
  it('sets the system instruction and maps a 3-turn chat with the assistant as role model', () => {
    const result = convertToGoogleContents([
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
    ]);
    expect(result.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] });
    expect(result.contents).toHaveLength(3);
    expect(result.contents[1]).toEqual({ role: 'model', parts: [{ text: 'Hello' }] });
  });

  it('merges every system message in order and leaves the instruction out when there is none', () => {
    expect(
      convertToGoogleContents([
        { role: 'system', content: 'A' },
        { role: 'user', content: [{ type: 'text', text: 'x' }] },
        { role: 'system', content: 'B' },
      ]).systemInstruction,
    ).toEqual({ parts: [{ text: 'A' }, { text: 'B' }] });
    expect(
      convertToGoogleContents([{ role: 'user', content: [{ type: 'text', text: 'x' }] }]).systemInstruction,
    ).toBe(undefined);
  });

  it('merges consecutive same-role turns', () => {
    const result = convertToGoogleContents([
      { role: 'user', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: [{ type: 'text', text: 'b' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'c' }] },
    ]);
    expect(result.contents).toEqual([
      { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] },
      { role: 'model', parts: [{ text: 'c' }] },
    ]);
  });

  it('converts a tool round trip with functionCall and functionResponse parts', () => {
    const result = convertToGoogleContents([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: '{"city":"Paris"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', toolName: 'get_weather', output: '{"temp":21}' },
          { type: 'tool-result', toolCallId: 'c2', toolName: 'echo', output: 'plain text' },
          { type: 'tool-result', toolCallId: 'c3', toolName: 'list', output: '[1,2]' },
          { type: 'tool-result', toolCallId: 'c4', toolName: 'fail', output: 'timeout', isError: true },
        ],
      },
    ]);
    expect(result.contents[1]).toEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }],
    });
    expect(result.contents[2]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'get_weather', response: { temp: 21 } } },
        { functionResponse: { name: 'echo', response: { content: 'plain text' } } },
        { functionResponse: { name: 'list', response: { content: [1, 2] } } },
        { functionResponse: { name: 'fail', response: { error: 'timeout' } } },
      ],
    });
  });

  it('rejects tool call input that is not a JSON object', () => {
    expect(() =>
      convertToGoogleContents([
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't', toolName: 'f', input: '"x"' }] },
      ]),
    ).toThrow(InvalidArgumentError);
  });

  it('converts images to inlineData or fileData', () => {
    const result = convertToGoogleContents([
      {
        role: 'user',
        content: [
          { type: 'image', image: 'data:image/png;base64,iVBORw0KGgo=' },
          { type: 'image', image: 'https://example.com/cat.jpeg?size=2' },
          { type: 'image', image: 'https://example.com/photo', mediaType: 'image/webp' },
          { type: 'image', image: '/9j/4AAQ', mediaType: 'image/jpeg' },
        ],
      },
    ]);
    expect(result.contents[0]!.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.jpeg?size=2' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/photo' } },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
    ]);
  });

  it('asks for a media type it cannot guess', () => {
    expect(() =>
      convertToGoogleContents([
        { role: 'user', content: [{ type: 'image', image: 'https://example.com/x' }] },
      ]),
    ).toThrow(/mediaType/);
    expect(() =>
      convertToGoogleContents([{ role: 'user', content: [{ type: 'image', image: 'AAAA' }] }]),
    ).toThrow(/mediaType/);
  });
});
