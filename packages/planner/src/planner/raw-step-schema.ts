import { CAPABILITIES, type Capability } from '@tokenwise/spec';
import * as v from 'valibot';

/** A step as the planner model describes it, after validation (0-based dependency indices). */
export interface RawStep {
  description: string;
  capability: Capability;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  /** 0-based indices of other steps; `undefined` when the model gave none (then the steps run in sequence). */
  dependsOn: number[] | undefined;
}

const tokenCount = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\s*\d+\s*$/), v.transform(Number))]),
  v.integer('token estimates must be whole numbers'),
  v.minValue(1, 'token estimates must be at least 1'),
  v.maxValue(1_000_000, 'token estimates must be at most 1,000,000'),
);

const capability = v.pipe(
  v.string(),
  v.transform((value) => value.trim().toLowerCase()),
  v.picklist(CAPABILITIES, `capability must be one of ${CAPABILITIES.join(', ')}`),
);

/** The schema of one step object in the planner's answer (snake_case, as the prompt asks). */
export const rawStepSchema = v.object({
  description: v.pipe(v.string(), v.trim(), v.nonEmpty('description must not be empty')),
  capability: v.optional(capability, 'general'),
  estimated_input_tokens: v.optional(tokenCount, 500),
  estimated_output_tokens: v.optional(tokenCount, 500),
  depends_on: v.optional(v.nullable(v.array(v.pipe(v.number(), v.integer('depends_on holds step indices'))))),
});

/** The schema of the whole answer: a non-empty array of steps. */
export const rawPlanSchema = v.pipe(
  v.array(rawStepSchema, 'the answer must be a JSON array of steps'),
  v.minLength(1, 'the plan has no steps'),
);

/** The outcome of validating a parsed answer. */
export type RawStepsResult = { ok: true; steps: RawStep[] } | { ok: false; issue: string };

/**
 * Validates the parsed answer of the planner model. Returns the steps, or the first issue in one line (used in
 * the repair prompt and in the plan's error).
 */
export function validateRawSteps(value: unknown, maxSteps: number): RawStepsResult {
  // Models often wrap the array: `{ "steps": [...] }` is accepted too.
  const unwrapped =
    value !== null && typeof value === 'object' && !Array.isArray(value) && 'steps' in value
      ? (value as { steps: unknown }).steps
      : value;
  const result = v.safeParse(rawPlanSchema, unwrapped);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return { ok: false, issue: path ? `${path}: ${issue.message}` : issue.message };
  }
  if (result.output.length > maxSteps) {
    return {
      ok: false,
      issue: `the plan has ${result.output.length} steps; at most ${maxSteps} are allowed`,
    };
  }
  return {
    ok: true,
    steps: result.output.map((step) => ({
      description: step.description,
      capability: step.capability,
      estimatedInputTokens: step.estimated_input_tokens,
      estimatedOutputTokens: step.estimated_output_tokens,
      dependsOn: step.depends_on ?? undefined,
    })),
  };
}
