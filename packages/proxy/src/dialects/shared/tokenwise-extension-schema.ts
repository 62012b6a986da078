import * as v from 'valibot';

/** The `tokenwise` body field every door accepts (strategy, budget in USD, capability hint). */
export const tokenwiseExtensionSchema = v.object({
  strategy: v.optional(
    v.picklist(
      ['cheapest', 'balanced', 'best_quality'],
      'Expected `cheapest`, `balanced` or `best_quality`.',
    ),
  ),
  budget: v.optional(
    v.union([v.pipe(v.number(), v.minValue(0)), v.string()], 'Expected a USD amount such as 0.05.'),
  ),
  capability: v.optional(
    v.picklist(
      ['code', 'reasoning', 'math', 'general', 'vision'],
      'Expected `code`, `reasoning`, `math`, `general` or `vision`.',
    ),
  ),
});
