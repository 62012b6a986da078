import { InvalidArgumentError } from '@tokenwise/spec';

/**
 * Throws the one-line error of a bad setting: `<from> must be <form> (got <value>)`. With `value` undefined the
 * message does not echo it (secrets).
 * @throws InvalidArgumentError always.
 */
export function invalidSetting(from: string, form: string, value: unknown): never {
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value) ?? String(value)})`;
  throw new InvalidArgumentError({ argument: from, message: `${from} must be ${form}${shown}.` });
}
