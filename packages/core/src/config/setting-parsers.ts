// Parsers of setting values, one per form: each takes the raw value (a string from the environment, any YAML
// value from the config file) and where it came from, and returns the typed value or throws the one-line error
// of `invalidSetting`.
import { type PicoUsd, usd } from '@tokenwise/spec';
import { invalidSetting } from './invalid-setting.js';

/** A string (a number is taken as its text), trimmed; empty → `undefined`. */
export const optionalString = (value: unknown, from: string): string | undefined => {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') invalidSetting(from, 'a string', value);
  return value.trim() === '' ? undefined : value.trim();
};
/** A secret: any string is accepted, and a wrong type is reported without echoing the value. */
export const secret = (value: unknown, from: string): string | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') invalidSetting(from, 'a string', undefined);
  const text = String(value).trim();
  return text === '' ? undefined : text;
};
/** A non-empty string, trimmed. */
export const requiredString = (value: unknown, from: string): string => {
  const text = optionalString(value, from);
  if (text === undefined) invalidSetting(from, 'a non-empty string', value);
  return text;
};
/** An http(s) URL without its trailing slashes. */
export const url = (value: unknown, from: string): string => {
  const text = requiredString(value, from);
  if (!/^https?:\/\/[^\s]+$/i.test(text))
    invalidSetting(from, 'an http(s) URL like https://openrouter.ai/api/v1', value);
  return text.replace(/\/+$/, '');
};
/** An http(s) URL, or `undefined` when empty. */
export const optionalUrl = (value: unknown, from: string): string | undefined =>
  optionalString(value, from) === undefined ? undefined : url(value, from);
/** A whole number from `min` to `max`; `form` says so in the error. */
export const integer =
  (min: number, max: number, form: string) =>
  (value: unknown, from: string): number => {
    const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min || number > max) {
      invalidSetting(from, form, value);
    }
    return number;
  };
/** One of `choices`, case-insensitive. */
export const oneOf =
  <T extends string>(choices: readonly T[]) =>
  (value: unknown, from: string): T => {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
    if (typeof text !== 'string' || !(choices as readonly string[]).includes(text)) {
      invalidSetting(from, `one of ${choices.join(', ')}`, value);
    }
    return text as T;
  };
/** A positive USD amount (`0.50`, `$0.50`) as exact pico-dollars. */
export const budget = (value: unknown, from: string): PicoUsd => {
  const form = 'a positive USD amount like 0.50';
  if (typeof value !== 'number' && typeof value !== 'string') invalidSetting(from, form, value);
  let amount: PicoUsd;
  try {
    amount = usd(typeof value === 'string' ? value.trim().replace(/^\$/, '') : value);
  } catch {
    invalidSetting(from, form, value);
  }
  if (amount <= 0n) invalidSetting(from, form, value);
  return amount;
};
/**
 * A USD amount or `undefined` when empty. Unlike `budget`, zero is a valid ceiling (a proxy that may spend
 * nothing).
 */
export const optionalBudget = (value: unknown, from: string): PicoUsd | undefined => {
  const form = 'a USD amount like 25.00';
  if (typeof value !== 'number' && typeof value !== 'string') invalidSetting(from, form, value);
  const text = typeof value === 'string' ? value.trim().replace(/^\$/, '') : value;
  if (text === '') return undefined;
  let amount: PicoUsd;
  try {
    amount = usd(text);
  } catch {
    invalidSetting(from, form, value);
  }
  if (amount < 0n) invalidSetting(from, form, value);
  return amount;
};
/** true/false, also 1/0, yes/no, on/off. */
export const boolean = (value: unknown, from: string): boolean => {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === '1' || text === 'true' || text === 'yes' || text === 'on') return true;
  if (text === '0' || text === 'false' || text === 'no' || text === 'off') return false;
  invalidSetting(from, 'true or false (also 1/0, yes/no, on/off)', value);
};
/** A number from 0 to 1. */
export const threshold = (value: unknown, from: string): number => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > 1) {
    invalidSetting(from, 'a number between 0 and 1 like 0.9', value);
  }
  return number;
};
/** A PostgreSQL URL. It may hold a password: a bad one is reported without echoing it. */
export const databaseUrl = (value: unknown, from: string): string | undefined => {
  const text = secret(value, from);
  if (text !== undefined && !/^postgres(ql)?:\/\/\S+$/i.test(text)) {
    invalidSetting(from, 'a PostgreSQL URL like postgres://user@127.0.0.1:5432/tokenwise', undefined);
  }
  return text;
};
/** A comma-separated list (or a YAML list) of keys, empty items dropped. */
export const keyList = (value: unknown, from: string): readonly string[] => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items?.every((item) => typeof item === 'string'))
    invalidSetting(from, 'a comma-separated list of keys', undefined);
  return Object.freeze((items as string[]).map((item) => item.trim()).filter((item) => item !== ''));
};

/**
 * A list of web origins: `*`, `null` (sandboxed pages) or scheme://host[:port], as browsers send `Origin`; a
 * trailing slash is dropped.
 */
export const originList = (value: unknown, from: string): readonly string[] => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!items?.every((item) => typeof item === 'string'))
    invalidSetting(from, 'a comma-separated list of origins', value);
  const origins = (items as string[])
    .map((item) => item.trim().replace(/\/+$/, ''))
    .filter((item) => item !== '');
  for (const origin of origins) {
    if (origin !== '*' && origin !== 'null' && !/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+$/i.test(origin)) {
      invalidSetting(from, 'origins like https://app.example.com or * (scheme and host, no path)', origin);
    }
  }
  return Object.freeze(origins);
};
