import type { PlanStep } from '../types/plan.js';

/**
 * Checks a step's answer: return (or resolve to) `undefined` or `true` to accept it, or a one-line message (or
 * `false`) to reject it. A rejected answer fails the attempt (its cost is wasted) and may escalate.
 */
export type StepValidator = (
  output: string,
  step: PlanStep,
) => string | boolean | undefined | Promise<string | boolean | undefined>;

/** A validator accepting only answers that are valid JSON (a fenced ```json block is accepted too). */
export const requireJson: StepValidator = (output) => {
  const fenced = /^\s*```[A-Za-z]*\s*([\s\S]*?)```\s*$/.exec(output);
  try {
    JSON.parse(fenced?.[1] ?? output);
    return undefined;
  } catch {
    return 'the answer is not valid JSON';
  }
};
