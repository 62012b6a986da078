import { describe, expect, it } from 'vitest';
import { ApiCallError, BudgetExceededError, NoRouteError, TokenwiseError } from './index.js';

describe('errors', () => {
  it('recognises errors by marker, not by class identity', () => {
    const error = new ApiCallError({ message: 'x', provider: 'openai', url: 'https://a', statusCode: 429 });
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(TokenwiseError.isInstance(error)).toBe(true);
    expect(BudgetExceededError.isInstance(error)).toBe(false);
    expect(ApiCallError.isInstance(new Error('x'))).toBe(false);
    expect(ApiCallError.isInstance(null)).toBe(false);
    expect(error.name).toBe('TokenwiseApiCallError');
  });

  it('derives retryability from the status', () => {
    const retryable = [408, 409, 429, 500, 503, undefined];
    for (const statusCode of retryable) {
      expect(new ApiCallError({ message: 'x', provider: 'p', url: 'u', statusCode }).isRetryable).toBe(true);
    }
    for (const statusCode of [400, 401, 402, 403, 404]) {
      expect(new ApiCallError({ message: 'x', provider: 'p', url: 'u', statusCode }).isRetryable).toBe(false);
    }
  });

  it('keeps structured fields', () => {
    const error = new NoRouteError({ message: 'none', cheapest: { modelId: 'a/b', estimatedCost: 5n } });
    expect(error.cheapest?.estimatedCost).toBe(5n);
    expect(error.rejected).toEqual([]);
  });
});
