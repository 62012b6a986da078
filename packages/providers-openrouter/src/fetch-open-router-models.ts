import {
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  type FetchFunction,
  getFromApi,
  loadSetting,
  withoutTrailingSlash,
} from '@tokenwise/provider-utils';
import * as v from 'valibot';
import { OPENROUTER_DEFAULT_BASE_URL } from './openrouter-provider.js';

const modelsBodySchema = v.looseObject({ data: v.array(v.unknown()) });

const failedResponseHandler = createJsonErrorResponseHandler({
  errorSchema: v.looseObject({ error: v.looseObject({ message: v.string() }) }),
  errorToMessage: (body) => body.error.message,
});

/**
 * `GET {base}/models`: OpenRouter's public model catalogue, returned as the raw JSON body (`{ data: [...] }`);
 * parsing entries is core's job. Only the envelope is checked. Needs no API key.
 */
export async function fetchOpenRouterModels({
  fetch,
  baseURL,
  signal,
  headers,
  timeoutMs = 30_000,
}: {
  fetch?: FetchFunction;
  /** Default: `OPENROUTER_BASE_URL`, else `https://openrouter.ai/api/v1`. */
  baseURL?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Default 30 000 (the original's registry timeout). */
  timeoutMs?: number;
} = {}): Promise<unknown> {
  const base = withoutTrailingSlash(
    loadSetting({
      settingValue: baseURL,
      environmentVariableName: 'OPENROUTER_BASE_URL',
      defaultValue: OPENROUTER_DEFAULT_BASE_URL,
    }),
  );
  const { rawValue } = await getFromApi({
    url: `${base}/models`,
    provider: 'openrouter',
    headers,
    fetch,
    abortSignal: signal,
    timeoutMs,
    successfulResponseHandler: createJsonResponseHandler(modelsBodySchema),
    failedResponseHandler,
  });
  return rawValue;
}
