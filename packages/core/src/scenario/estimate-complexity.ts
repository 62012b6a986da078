import type { Complexity } from '@tokenwise/spec';

/** What {@link estimateComplexity} measured, for explanations. */
export interface ComplexityAssessment {
  complexity: Complexity;
  /** Approximate prompt tokens (characters / 4). */
  tokens: number;
  /** Numbered or bulleted items, "then"/"also"/"finally" steps and extra questions. */
  subtasks: number;
  /** Words that constrain the answer: must, without, at most, exactly, only… */
  constraints: number;
  /** Lines that look like code. */
  codeLines: number;
  /** Signal names such as `complexity:subtasks=3`, only for the measures that moved the level. */
  signals: string[];
}

/**
 * Thresholds of {@link estimateComplexity}. Size gives 0 points under `tokens[0]` tokens, 1 under `tokens[1]`,
 * 2 under `tokens[2]`, else 3; each of many sub-tasks, many constraints and much code adds a point.
 * 0 points is `simple`, 1 is `moderate`, 2 or more is `complex`. The token steps keep the original's word
 * limits (15 and 60 words ≈ 20 and 80–100 tokens) as the default for plain prose.
 */
export const COMPLEXITY_THRESHOLDS = {
  tokens: [20, 100, 400] as const,
  /** Sub-task counts worth one and two points. */
  subtasks: [3, 6] as const,
  /** Constraint counts worth one point. */
  constraints: 3,
  /** Code line counts worth one and two points. */
  codeLines: [25, 80] as const,
} as const;

const LIST_ITEM = /^[ \t]*(?:\d{1,2}[.)]|[*•]|-(?=[ \t]+\S+[ \t]+\S+[ \t]+\S+[ \t]+\S))[ \t]+\S/gm;
const STEP_WORD =
  /\b(?:and then|then|after that|afterwards|also|additionally|finally|next,|in addition|as well as)\b/gi;
const QUESTION = /\?/g;
const CONSTRAINT =
  /\b(?:must|should not|shouldn't|without|at most|at least|no more than|no less than|no longer than|exactly|only|ensure|make sure|do not|don't|never|within|limit(?:ed)? to|required|constraints?|strictly|avoid)\b/gi;
const CODE_LINE = /^(?:[ \t]{2,}\S[^\n]*|[^\n]*[;{}][ \t]*)$/gm;
const SCAN_LIMIT = 12_000;

/**
 * Estimates how demanding a prompt is from more than its length: approximate tokens, sub-tasks (list items,
 * sequencing words, several questions), constraints and code size. `totalChars` lets a caller count a whole
 * conversation's size while scanning only the last user turn for sub-tasks (defaults to `text.length`).
 */
export function estimateComplexity(text: string, totalChars: number = text.length): ComplexityAssessment {
  const scanned = text.length > SCAN_LIMIT ? text.slice(text.length - SCAN_LIMIT) : text;
  const tokens = Math.ceil(totalChars / 4);
  const questions = count(QUESTION, scanned, 50);
  const subtasks = count(LIST_ITEM, scanned, 50) + count(STEP_WORD, scanned, 50) + Math.max(0, questions - 1);
  const constraints = count(CONSTRAINT, scanned, 50);
  const codeLines = count(CODE_LINE, scanned, 1000);
  const t = COMPLEXITY_THRESHOLDS;
  const signals: string[] = [];

  let points = tokens < t.tokens[0] ? 0 : tokens < t.tokens[1] ? 1 : tokens < t.tokens[2] ? 2 : 3;
  if (points > 0) signals.push(`complexity:tokens~${tokens}`);
  if (subtasks >= t.subtasks[0]) {
    points += subtasks >= t.subtasks[1] ? 2 : 1;
    signals.push(`complexity:subtasks=${subtasks}`);
  }
  if (constraints >= t.constraints) {
    points += 1;
    signals.push(`complexity:constraints=${constraints}`);
  }
  if (codeLines >= t.codeLines[0]) {
    points += codeLines >= t.codeLines[1] ? 2 : 1;
    signals.push(`complexity:code-lines=${codeLines}`);
  }
  const complexity: Complexity = points === 0 ? 'simple' : points === 1 ? 'moderate' : 'complex';
  return { complexity, tokens, subtasks, constraints, codeLines, signals };
}

function count(pattern: RegExp, text: string, limit: number): number {
  pattern.lastIndex = 0;
  let hits = 0;
  while (hits < limit && pattern.exec(text) !== null) hits += 1;
  pattern.lastIndex = 0;
  return hits;
}
