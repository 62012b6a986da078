import { InvalidResponseDataError } from '@tokenwise/spec';
import * as v from 'valibot';
import type { ParseResult } from './parse-result.js';

const maxDataLength = 2_000;

/**
 * Parses JSON text and validates it against a valibot schema. Never throws: malformed JSON, an empty text and a
 * schema mismatch all become an `InvalidResponseDataError` (with the data truncated to 2 000 characters).
 */
export function safeParseJson<TSchema extends v.GenericSchema>({
  text,
  schema,
  provider,
}: {
  text: string;
  schema: TSchema;
  provider?: string;
}): ParseResult<v.InferOutput<TSchema>> {
  const data = text.length > maxDataLength ? `${text.slice(0, maxDataLength)}…` : text;
  if (text.trim() === '') {
    return {
      success: false,
      error: new InvalidResponseDataError({
        message: `${provider ?? 'The upstream'} returned an empty body where JSON was expected.`,
        provider,
        data,
      }),
    };
  }
  let rawValue: unknown;
  try {
    rawValue = JSON.parse(text);
  } catch (cause) {
    return {
      success: false,
      error: new InvalidResponseDataError({
        message: `${provider ?? 'The upstream'} returned malformed JSON.`,
        provider,
        data,
        cause,
      }),
    };
  }
  const result = v.safeParse(schema, rawValue);
  if (result.success) return { success: true, value: result.output, rawValue };
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  return {
    success: false,
    rawValue,
    error: new InvalidResponseDataError({
      message: `${provider ?? 'The upstream'} returned an unexpected response shape${path === '' ? '' : ` at ${path}`}: ${issue.message}.`,
      provider,
      data,
      cause: result.issues,
    }),
  };
}

/** Like `safeParseJson`, but throws the `InvalidResponseDataError`. */
export function parseJson<TSchema extends v.GenericSchema>(options: {
  text: string;
  schema: TSchema;
  provider?: string;
}): v.InferOutput<TSchema> {
  const result = safeParseJson(options);
  if (!result.success) throw result.error;
  return result.value;
}
