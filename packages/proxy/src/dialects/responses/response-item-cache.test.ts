import { describe, expect, it } from 'vitest';
import { parseResponsesRequest } from './parse-request.js';
import { createResponseItemCache } from './response-item-cache.js';
import { toCall } from './to-call.js';

const call = (id: string) =>
  ({
    type: 'function_call',
    id,
    call_id: `call_${id}`,
    name: 'f',
    arguments: '{}',
    status: 'completed',
  }) as const;

describe('createResponseItemCache', () => {
  it('keeps the newest items up to its bound', () => {
    const cache = createResponseItemCache({ maxItems: 2 });
    cache.remember([call('a'), call('b')]);
    cache.remember([call('c')]);
    expect(cache.resolve('a')).toBeUndefined();
    expect(cache.resolve('b')?.id).toBe('b');
    expect(cache.resolve('c')?.id).toBe('c');
  });

  it('refuses a bound that is not a positive whole number', () => {
    expect(() => createResponseItemCache({ maxItems: 0 })).toThrow(RangeError);
  });

  it('lets toCall resolve an item_reference into the call it stands for', () => {
    const cache = createResponseItemCache();
    cache.remember([call('fc_1')]);
    const request = parseResponsesRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'x' },
        { type: 'item_reference', id: 'fc_1' },
        { type: 'function_call_output', call_id: 'call_fc_1', output: 'done' },
      ],
    });
    const { options } = toCall(request, { items: cache });
    expect(options.prompt[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool-call', toolCallId: 'call_fc_1', toolName: 'f', input: '{}' }],
    });
    expect(() =>
      toCall(parseResponsesRequest({ model: 'm', input: [{ type: 'item_reference', id: 'gone' }] }), {
        items: cache,
      }),
    ).toThrow(/unknown to this proxy/);
  });
});
