import { CAPABILITIES } from '@tokenwise/spec';
import * as v from 'valibot';
import type { Validator } from '../validators/validator.js';

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

const regexPattern = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.check((pattern) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression'),
);

/** valibot schema of a {@link Validator} (recursive through `all`). */
export const validatorSchema: v.GenericSchema<Validator> = v.variant('type', [
  v.strictObject({ type: v.literal('contains'), value: nonEmpty, caseSensitive: v.optional(v.boolean()) }),
  v.strictObject({
    type: v.literal('regex'),
    pattern: regexPattern,
    flags: v.optional(
      v.pipe(v.string(), v.regex(/^[dgimsuvy]*$/, 'must be regular-expression flags like "i"')),
    ),
  }),
  v.strictObject({
    type: v.literal('number'),
    value: v.pipe(v.number(), v.finite()),
    tolerance: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  }),
  v.strictObject({ type: v.literal('json'), requiredKeys: v.optional(v.array(nonEmpty)) }),
  v.strictObject({
    type: v.literal('code'),
    language: v.optional(v.picklist(['javascript', 'python'])),
    mustDefine: v.optional(
      v.array(v.pipe(v.string(), v.regex(/^[A-Za-z_$][\w$]*$/, 'must be an identifier'))),
    ),
  }),
  v.strictObject({ type: v.literal('minLength'), value: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  v.strictObject({
    type: v.literal('all'),
    of: v.pipe(v.array(v.lazy(() => validatorSchema)), v.minLength(1, 'must list at least one validator')),
  }),
]) as v.GenericSchema<Validator>;

/** valibot schema of one line of a JSONL task file. */
export const taskLineSchema = v.strictObject({
  id: v.optional(v.pipe(nonEmpty, v.maxLength(80, 'must be at most 80 characters'))),
  prompt: nonEmpty,
  category: nonEmpty,
  validator: validatorSchema,
  capability: v.optional(v.picklist(CAPABILITIES)),
  maxOutputTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000))),
});
