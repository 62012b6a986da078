import {
  AnswerRejectedError,
  ApiCallError,
  BudgetExceededError,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadApiKeyError,
  NoSuchModelError,
  NoSuchProviderError,
} from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { type FailureVerdict, judgeFailure, shouldFailover } from './failover-rule.js';

const plain = { callerAborted: false, timedOut: false };
const api = (statusCode: number | undefined, extra: { isRetryable?: boolean; cause?: unknown } = {}) =>
  new ApiCallError({
    message: `status ${statusCode}`,
    provider: 'fake',
    url: 'https://fake.test',
    ...(statusCode === undefined ? {} : { statusCode }),
    ...extra,
  });
const timeout = () => new DOMException('The operation timed out.', 'TimeoutError');
const verdict = (failover: boolean, blame: FailureVerdict['blame'], outcome: FailureVerdict['outcome']) => ({
  failover,
  blame,
  outcome,
});

describe('judgeFailure', () => {
  const cases: Array<[string, unknown, FailureVerdict]> = [
    ['upstream 500', api(500), verdict(true, 'strike', 'error')],
    ['upstream 502', api(502), verdict(true, 'strike', 'error')],
    ['upstream 503', api(503), verdict(true, 'strike', 'error')],
    ['upstream 429', api(429), verdict(true, 'strike', 'error')],
    ['upstream 408', api(408), verdict(true, 'strike', 'error')],
    ['upstream 409', api(409), verdict(true, 'strike', 'error')],
    ['network error (no status)', api(undefined), verdict(true, 'strike', 'error')],
    ['network timeout (no status)', api(undefined, { cause: timeout() }), verdict(true, 'strike', 'timeout')],
    ['upstream 401: key refused', api(401), verdict(true, 'provider', 'error')],
    ['upstream 402: payment required', api(402), verdict(true, 'unusable', 'error')],
    ['upstream 403: forbidden', api(403), verdict(true, 'unusable', 'error')],
    ['upstream 404: no such model', api(404), verdict(true, 'unusable', 'error')],
    ['upstream 400: the request is at fault', api(400), verdict(false, 'none', 'error')],
    ['upstream 413: the request is too large', api(413), verdict(false, 'none', 'error')],
    ['upstream 422: the request is invalid', api(422), verdict(false, 'none', 'error')],
    [
      'a 5xx the provider marked not retryable',
      api(500, { isRetryable: false }),
      verdict(false, 'none', 'error'),
    ],
    [
      'budget too small for this model',
      new BudgetExceededError({ message: 'no room', remaining: 0n, required: 1n, budget: 1n }),
      verdict(true, 'none', 'refused'),
    ],
    [
      'unpriced model without assumed prices',
      new InvalidArgumentError({ argument: 'assumedPricing', message: 'unpriced' }),
      verdict(true, 'none', 'refused'),
    ],
    [
      'another invalid argument (our own defect)',
      new InvalidArgumentError({ argument: 'prompt', message: 'bad prompt' }),
      verdict(false, 'none', 'error'),
    ],
    [
      'missing API key',
      new LoadApiKeyError({ provider: 'openai', environmentVariableName: 'OPENAI_API_KEY' }),
      verdict(true, 'provider', 'refused'),
    ],
    [
      'provider not registered',
      new NoSuchProviderError({ providerId: 'x', availableProviders: [] }),
      verdict(true, 'provider', 'refused'),
    ],
    ['unknown model', new NoSuchModelError({ modelId: 'x/y' }), verdict(true, 'unusable', 'refused')],
    [
      'unreadable answer (cut body)',
      new InvalidResponseDataError({ message: 'cut', provider: 'fake' }),
      verdict(true, 'strike', 'error'),
    ],
    ['a bare timeout', timeout(), verdict(true, 'strike', 'timeout')],
    [
      'a stack overflow while serialising the request',
      new RangeError('Maximum call stack size exceeded'),
      verdict(false, 'none', 'error'),
    ],
    ['any other error', new TypeError('boom'), verdict(false, 'none', 'error')],
    ['a thrown non-error', 'boom', verdict(false, 'none', 'error')],
    [
      'a rejected answer (not judged here: the engine fails over itself)',
      new AnswerRejectedError({ message: 'rejected', modelId: 'x/y' }),
      verdict(false, 'none', 'error'),
    ],
  ];

  it.each(cases)('%s', (_, error, expected) => {
    expect(judgeFailure(error, plain)).toEqual(expected);
    expect(shouldFailover(error)).toBe(expected.failover);
  });

  it('a caller abort stops the call and blames nobody, whatever the error', () => {
    for (const [, error] of cases) {
      expect(judgeFailure(error, { callerAborted: true, timedOut: false })).toEqual(
        verdict(false, 'none', 'cancelled'),
      );
      expect(judgeFailure(error, { callerAborted: true, timedOut: true })).toEqual(
        verdict(false, 'none', 'cancelled'),
      );
    }
  });

  it("the attempt's own timeout fails over with a strike, whatever the error", () => {
    for (const error of [api(400), new TypeError('aborted'), new DOMException('x', 'AbortError')]) {
      expect(judgeFailure(error, { callerAborted: false, timedOut: true })).toEqual(
        verdict(true, 'strike', 'timeout'),
      );
    }
  });
});
