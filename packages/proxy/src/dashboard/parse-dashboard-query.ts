import type { LedgerAggregateQuery } from '@tokenwise/spec';
import { OpenAIHttpError } from '../errors/openai-http-error.js';

const PARAMS = ['since', 'until', 'bucket', 'key', 'team', 'model', 'top'] as const;

/**
 * Reads `?since&until&bucket&key&team&model&top` of a dashboard API call. Values are checked by the ledger's
 * query check; here only the shape (a number for `top`, no unknown parameter) is, with a 400 naming the problem.
 */
export function parseDashboardQuery(url: string): LedgerAggregateQuery {
  const params = new URL(url).searchParams;
  for (const name of params.keys()) {
    if (!(PARAMS as readonly string[]).includes(name)) {
      throw badRequest(name, `Unknown parameter "${name}". Known: ${PARAMS.join(', ')}.`);
    }
  }
  const query: LedgerAggregateQuery = {};
  const text = (name: (typeof PARAMS)[number]) => {
    const value = params.get(name);
    return value === null || value.trim() === '' ? undefined : value.trim();
  };
  const since = text('since');
  const until = text('until');
  const bucket = text('bucket');
  const keyId = text('key');
  const teamId = text('team');
  const modelId = text('model');
  const top = text('top');
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (bucket !== undefined) query.bucket = bucket as LedgerAggregateQuery['bucket'];
  if (keyId !== undefined) query.keyId = keyId;
  if (teamId !== undefined) query.teamId = teamId;
  if (modelId !== undefined) query.modelId = modelId;
  if (top !== undefined) {
    if (!/^\d{1,4}$/.test(top)) throw badRequest('top', `Invalid top "${top}": expected a whole number.`);
    query.top = Number(top);
  }
  return query;
}

function badRequest(param: string, message: string): OpenAIHttpError {
  return new OpenAIHttpError({
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_query',
    param,
    message,
  });
}
