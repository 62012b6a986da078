import * as v from 'valibot';

/*
 * The admin API's JSON shapes as valibot schemas, for the OpenAPI document. Bodies are read by core's
 * `parseKeyInputJson` & co. (which name a bad field in one line); these schemas describe the same fields.
 */

const usdAmount = v.pipe(
  v.string(),
  v.description('An exact amount in USD as a decimal string, e.g. "12.5".'),
);
const period = v.pipe(
  v.picklist(['none', '1d', '7d', '30d', 'month']),
  v.description('Budget window: none (for life), rolling 1/7/30 days, or the calendar month (UTC).'),
);

const teamFields = {
  name: v.pipe(v.string(), v.minLength(1)),
  budget_usd: v.nullable(usdAmount),
  period,
  max_per_request_usd: v.nullable(usdAmount),
  enabled: v.boolean(),
};
const keyFields = {
  ...teamFields,
  allowed_models: v.array(v.string()),
  allowed_strategies: v.array(v.string()),
  expires_at: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
};

/** `POST /admin/teams`. */
export const teamInputSchema = v.strictObject({
  ...teamFields,
  name: teamFields.name,
  budget_usd: v.optional(teamFields.budget_usd),
  period: v.optional(period),
  max_per_request_usd: v.optional(teamFields.max_per_request_usd),
  enabled: v.optional(teamFields.enabled),
});

/** `PATCH /admin/teams/{id}`: `null` clears an optional field. */
export const teamPatchSchema = v.partial(v.strictObject(teamFields));

/** `POST /admin/keys`. */
export const keyInputSchema = v.strictObject({
  ...v.partial(v.strictObject(keyFields)).entries,
  name: keyFields.name,
  team_id: v.optional(v.nullable(v.string())),
});

/** `PATCH /admin/keys/{id}`: `null` clears an optional field. */
export const keyPatchSchema = v.partial(v.strictObject(keyFields));

/** A budget scope's figures (core's `BudgetJson`). */
export const budgetJsonSchema = v.object({
  period: v.string(),
  limit_usd: v.nullable(usdAmount),
  spent_usd: usdAmount,
  reserved_usd: usdAmount,
  remaining_usd: v.nullable(usdAmount),
  open_reservations: v.number(),
  window_start: v.nullable(v.string()),
  window_end: v.nullable(v.string()),
});

/** A team (core's `TeamJson`); `spend` on `GET /admin/teams/{id}`. */
export const teamJsonSchema = v.object({
  object: v.literal('tokenwise.team'),
  id: v.string(),
  name: v.string(),
  enabled: v.boolean(),
  budget_usd: v.nullable(usdAmount),
  period: v.string(),
  max_per_request_usd: v.nullable(usdAmount),
  created_at: v.string(),
  updated_at: v.string(),
  spend: v.optional(budgetJsonSchema),
});

/** A key (core's `KeyJson`): never its secret, only its prefix; `spend` on `GET /admin/keys/{id}`. */
export const keyJsonSchema = v.object({
  object: v.literal('tokenwise.key'),
  id: v.string(),
  name: v.string(),
  prefix: v.string(),
  status: v.picklist(['active', 'revoked', 'expired', 'disabled']),
  team_id: v.nullable(v.string()),
  budget_usd: v.nullable(usdAmount),
  period: v.string(),
  max_per_request_usd: v.nullable(usdAmount),
  allowed_models: v.array(v.string()),
  allowed_strategies: v.array(v.string()),
  expires_at: v.nullable(v.string()),
  enabled: v.boolean(),
  revoked_at: v.nullable(v.string()),
  created_at: v.string(),
  updated_at: v.string(),
  spend: v.optional(budgetJsonSchema),
});

/** The answer to `POST /admin/keys`: the only time the secret is shown. */
export const createdKeySchema = v.object({
  key: keyJsonSchema,
  secret: v.pipe(v.string(), v.description('The key itself; shown once, store it now.')),
});

/** The OpenAI error shape every error answer uses. */
export const errorSchema = v.object({
  error: v.object({
    message: v.string(),
    type: v.string(),
    code: v.nullable(v.string()),
    param: v.nullable(v.string()),
  }),
});
