import { describe, expect, it } from 'vitest';
import { OpenAIHttpError } from '../../errors/openai-http-error.js';
import { AnthropicHttpError } from '../anthropic/anthropic-http-error.js';
import { parseCountTokensRequest, parseMessagesRequest } from '../anthropic/parse-request.js';
import { toCall as toMessagesCall } from '../anthropic/to-call.js';
import { parseResponsesRequest } from '../responses/parse-request.js';
import { toCall as toResponsesCall } from '../responses/to-call.js';
import { messagesSeed, mulberry32, mutate, responsesSeed } from './fuzz-json.test-helper.js';

// Seeded, so a failure replays: the seed is in the test name.
const SEED = 20261205;
const RUNS = 3000;

function fuzz(seed: object, attempt: (body: unknown) => void, isOwnError: (error: unknown) => boolean) {
  const random = mulberry32(SEED);
  let accepted = 0;
  for (let run = 0; run < RUNS; run++) {
    let body: unknown = seed;
    const depth = 1 + Math.floor(random() * 3);
    for (let step = 0; step < depth; step++) body = mutate(body, random);
    try {
      attempt(body);
      accepted++;
    } catch (error) {
      if (!isOwnError(error)) throw new Error(`run ${run}: ${String(error)} for ${JSON.stringify(body)}`);
      expect((error as { status: number }).status).toBe(400);
      expect((error as Error).message).not.toContain('\n');
    }
  }
  return accepted;
}

describe(`door parsers never throw anything but their own 400 (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('Messages door: parse + toCall', () => {
    const accepted = fuzz(
      messagesSeed,
      (body) => toMessagesCall(parseMessagesRequest(body)),
      (error) => error instanceof AnthropicHttpError,
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('Messages door: count_tokens parse', () => {
    fuzz(
      messagesSeed,
      (body) => parseCountTokensRequest(body),
      (error) => error instanceof AnthropicHttpError,
    );
  });

  it('Responses door: parse + toCall', () => {
    const accepted = fuzz(
      responsesSeed,
      (body) => toResponsesCall(parseResponsesRequest(body)),
      (error) => error instanceof OpenAIHttpError,
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
