import { estimateTextTokens } from '@tokenwise/core';
import type { Message } from '@tokenwise/spec';
import type { PlanStep } from '../types/plan.js';

/** The output of a step another step depends on. */
export interface DependencyOutput {
  stepId: number;
  output: string;
}

const TRUNCATION_MARK = ' …[truncated]';

/**
 * The message sent for a step: its task (the template when set, else the description), preceded by the outputs
 * of the steps it depends on (and only those). The context budget is in tokens (estimated, erring high) and is
 * split evenly between the dependencies; an output over its share is cut at the end with a mark.
 */
export function buildStepPrompt(
  step: Pick<PlanStep, 'description' | 'promptTemplate'>,
  dependencies: readonly DependencyOutput[],
  contextTokens: number,
): Message[] {
  const base = step.promptTemplate ? step.promptTemplate : step.description;
  if (dependencies.length === 0) return [{ role: 'user', content: [{ type: 'text', text: base }] }];
  const share = Math.floor(contextTokens / dependencies.length);
  const lines = dependencies.map(
    (dependency) => `[Step ${dependency.stepId} output]:\n${truncateToTokens(dependency.output, share)}`,
  );
  const text = `Context from the steps this one depends on:\n${lines.join('\n\n')}\n\nCurrent task: ${base}`;
  return [{ role: 'user', content: [{ type: 'text', text }] }];
}

/** The longest prefix of `text` whose estimated token count (with the mark) fits `tokens`. */
export function truncateToTokens(text: string, tokens: number): string {
  if (estimateTextTokens(text) <= tokens) return text;
  if (tokens <= estimateTextTokens(TRUNCATION_MARK)) return '';
  // Binary search on the prefix length: the estimate grows with the prefix.
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (estimateTextTokens(text.slice(0, middle) + TRUNCATION_MARK) <= tokens) low = middle;
    else high = middle - 1;
  }
  return text.slice(0, low) + TRUNCATION_MARK;
}
