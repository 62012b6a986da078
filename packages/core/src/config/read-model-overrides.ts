import { CAPABILITIES, type Capability, InvalidArgumentError, TIERS, type Tier } from '@tokenwise/spec';
import * as v from 'valibot';
import type { ModelOverride } from '../registry/apply-model-overrides.js';
import { invalidSetting } from './invalid-setting.js';
import { isRecord } from './is-record.js';

const OverrideSchema = v.looseObject({
  tier: v.optional(v.picklist(TIERS as Tier[])),
  capabilities: v.optional(v.array(v.picklist(CAPABILITIES as Capability[]))),
  input_price: v.optional(v.pipe(v.number(), v.minValue(0))),
  output_price: v.optional(v.pipe(v.number(), v.minValue(0))),
  context_window: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  max_output_tokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/**
 * The config file's `model_overrides`: model id → tier, capabilities, prices (USD per million), context window,
 * maximum output.
 * @throws InvalidArgumentError naming the model and the key that is invalid.
 */
export function readModelOverrides(
  value: unknown,
  fileName: string,
): Readonly<Record<string, ModelOverride>> {
  if (value === undefined || value === null) return Object.freeze({});
  const where = `${fileName}: model_overrides`;
  if (!isRecord(value))
    invalidSetting(
      where,
      'a mapping of model id to { tier, capabilities, input_price, output_price }',
      value,
    );
  const overrides: Record<string, ModelOverride> = {};
  for (const [id, raw] of Object.entries(value)) {
    const result = v.safeParse(OverrideSchema, raw);
    if (!result.success) {
      const issue = result.issues[0];
      const key = issue.path?.map((item) => String(item.key)).join('.');
      throw new InvalidArgumentError({
        argument: `${where}.${id}`,
        message: `${where}.${id}${key ? `.${key}` : ''} is invalid (${issue.message}); expected tier: ${TIERS.join('|')}, capabilities: [${CAPABILITIES.join(', ')}], prices in USD per million.`,
      });
    }
    const o = result.output;
    const override: ModelOverride = {};
    if (o.tier) override.tier = o.tier;
    if (o.capabilities) override.capabilities = Object.freeze([...o.capabilities]);
    if (o.input_price !== undefined) override.inputPrice = o.input_price;
    if (o.output_price !== undefined) override.outputPrice = o.output_price;
    if (o.context_window !== undefined) override.contextWindow = o.context_window;
    if (o.max_output_tokens !== undefined) override.maxOutputTokens = o.max_output_tokens;
    overrides[id] = Object.freeze(override);
  }
  return Object.freeze(overrides);
}
