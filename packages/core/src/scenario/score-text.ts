import {
  type DetectedCapability,
  HYPOTHETICAL_QUESTION,
  NON_CODE_CONTEXT,
  NUMBER_WORD,
  SCENARIO_RULES,
  type ScenarioRule,
  YES_NO_QUESTION,
} from './scenario-rules.js';
import { MAX_PHRASE_WORDS, WORD_RULES } from './word-rules.js';

/** Scores of one text for each detectable capability, and which signals contributed how much. */
export interface TextScores {
  code: number;
  math: number;
  reasoning: number;
  /** Signal name → points it added (only signals that fired). */
  contributions: Map<string, number>;
}

/** Longest text scored in full; longer texts are scored on their head and tail (keeps detection sub-millisecond). */
export const MAX_SCORED_CHARS = 12_000;
const HEAD_CHARS = 8_000;

// When a prompt contains code (not just asks for it) and its code score reaches this, its math-looking parts
// (indices, sums in doctest examples) are taken as part of the code task and count half.
const CODE_DOMINANCE = 8;
const CODE_SYNTAX = [
  'code:fence',
  'code:def',
  'code:docstring',
  'code:doctest',
  'code:example-io',
  'code:io-spec',
];
const NUMBER = /(?<![\w.])-?\d+(?:[.,]\d+)?(?![\w])/g;
const INDENTED_LINE = /^(?: {4}|\t)\S/gm;
const DIGIT = /\d/g;
const HOW_TO =
  /\bhow (?:do|can|would|should) (?:i|we|you)\b|\bhow to\b|\b(?:an? |some )?examples?\b|\bkeyword\b|\bsyntax\b|\bdifference between\b|\bwhy (?:is|does|do|am) (?:my|i|this)\b/i;

/**
 * Scores `text` for code, math and reasoning with the weighted rules of {@link SCENARIO_RULES} plus a few
 * contextual adjustments that single patterns cannot express (numbers + a quantity question make a word
 * problem; numeric answer options are math, not reasoning; "python" next to "snake" is not code).
 */
export function scoreText(input: string): TextScores {
  const text =
    input.length > MAX_SCORED_CHARS
      ? `${input.slice(0, HEAD_CHARS)}\n${input.slice(input.length - (MAX_SCORED_CHARS - HEAD_CHARS))}`
      : input;
  const scores: TextScores = { code: 0, math: 0, reasoning: 0, contributions: new Map() };
  const lower = text.toLowerCase();
  for (const rule of SCENARIO_RULES) {
    if (rule.gate !== undefined && !passesGate(rule.gate, lower)) continue;
    const hits = countHits(rule, text);
    if (hits > 0) add(scores, rule.capability, rule.name, rule.weight * hits);
  }
  scoreWords(lower, scores);
  const c = scores.contributions;

  // A word problem: at least two numbers and a question about a quantity. Numbers are counted only when a
  // rule below can use them (saves compiling the number patterns for most prompts).
  let numbers = 0;
  if (
    c.has('math:quantity-question') ||
    c.has('math:unit-quantity') ||
    c.has('math:solve-verb') ||
    c.has('math:strong-vocabulary')
  ) {
    const digits = countMatches(NUMBER, text, 8);
    numbers = digits + (digits < 8 ? countMatches(NUMBER_WORD, text, 8 - digits) : 0);
  }
  if (numbers >= 2 && c.has('math:quantity-question')) add(scores, 'math', 'math:word-problem', 2.5);
  // Several numbers in a question about them (growth, meeting trains) is a word problem even without keywords.
  if (numbers >= 3 && text.trimEnd().endsWith('?') && c.has('math:unit-quantity')) {
    add(scores, 'math', 'math:numeric-question', 1.5);
  }
  if (numbers >= 2 && (c.has('math:solve-verb') || c.has('math:strong-vocabulary'))) {
    add(scores, 'math', 'math:numbers-and-terms', 2);
  }
  // Mostly digits and operators: a bare expression.
  if (c.has('math:arith-op')) {
    const compact = text.replace(/\s+/g, '');
    if (compact.length > 0 && compact.length < 400) {
      const digitChars = countMatches(DIGIT, compact, 400);
      if (digitChars / compact.length > 0.3) add(scores, 'math', 'math:expression', 3);
    }
  }
  // Options that are numbers (AQuA / MathQA) are answer choices of a math problem, not a logic question.
  if ((c.get('math:numeric-options') ?? 0) >= 3) {
    remove(scores, 'reasoning', 'reasoning:lettered-options');
    remove(scores, 'reasoning', 'reasoning:options-header');
    add(scores, 'math', 'math:numeric-choice', 1);
  } else {
    remove(scores, 'math', 'math:numeric-options');
  }
  // Objects on a table or an inventory to count (BBH colored objects / object counting) are puzzles about a
  // scene, not arithmetic word problems, although they ask "how many".
  if (
    c.has('reasoning:object-scene') ||
    c.has('reasoning:inventory-count') ||
    c.has('reasoning:table-lookup')
  ) {
    remove(scores, 'math', 'math:word-problem');
    remove(scores, 'math', 'math:quantity-question');
    remove(scores, 'math', 'math:numeric-question');
  }
  if (c.has('code:language') && NON_CODE_CONTEXT.test(text)) remove(scores, 'code', 'code:language');
  // "How can I … in Python?", "… in JavaScript with an example": a how-to question naming a language asks for code.
  if (c.has('code:language') && HOW_TO.test(text)) add(scores, 'code', 'code:language-how-to', 1.5);
  // A language name plus any programming vocabulary is a programming question ("reverse a string in Go").
  if ((c.has('code:language') || c.has('code:language-context')) && c.has('code:dev-verb')) {
    add(scores, 'code', 'code:language-task', 1.5);
  }
  // Two or more quantified statements ("all A are B", "no B are C") form a syllogism.
  if ((c.get('reasoning:quantifiers') ?? 0) >= 3) add(scores, 'reasoning', 'reasoning:syllogism', 1);
  // Both patterns below need a character the text may lack: skip them then (no compile on first use).
  if ((text.includes('    ') || text.includes('\t')) && countMatches(INDENTED_LINE, text, 3) >= 3) {
    add(scores, 'code', 'code:indented-block', 1.5);
  }
  const trimmed = text.trim();
  if (trimmed.length < 300 && trimmed.includes('?') && YES_NO_QUESTION.test(trimmed)) {
    add(scores, 'reasoning', 'reasoning:yes-no-question', HYPOTHETICAL_QUESTION.test(trimmed) ? 3.5 : 2);
  }
  // Code syntax in a prompt explains its math-looking parts (indices, examples with numbers): damp math.
  if (scores.code >= CODE_DOMINANCE && scores.math > 0 && CODE_SYNTAX.some((name) => c.has(name))) {
    scores.math *= 0.5;
    for (const [name, points] of c) if (name.startsWith('math:')) c.set(name, points * 0.5);
  }
  return scores;
}

/** Phrase or word → indexes of the word rules listing it. */
const WORD_INDEX: ReadonlyMap<string, readonly number[]> = (() => {
  const index = new Map<string, number[]>();
  WORD_RULES.forEach((rule, ruleIndex) => {
    for (const entry of rule.words) {
      const list = index.get(entry) ?? [];
      if (!list.includes(ruleIndex)) list.push(ruleIndex);
      index.set(entry, list);
    }
  });
  return index;
})();
/** First words of multi-word phrases: only after these is a longer key built and looked up. */
const PHRASE_STARTS: ReadonlySet<string> = new Set(
  WORD_RULES.flatMap((rule) =>
    rule.words.filter((w) => w.includes(' ')).map((w) => w.slice(0, w.indexOf(' '))),
  ),
);
const WORD_TOKEN = /[a-z0-9]+[+#]*/g;

/** Adds the word rules' points: longest phrase first, each rule counted once per phrase, up to its cap. */
function scoreWords(lower: string, scores: TextScores): void {
  const tokens = lower.match(WORD_TOKEN);
  if (tokens === null) return;
  const hits = new Array<number>(WORD_RULES.length).fill(0);
  const busyUntil = new Array<number>(WORD_RULES.length).fill(0);
  for (let i = 0; i < tokens.length; i += 1) {
    const first = tokens[i]!;
    let longest = PHRASE_STARTS.has(first) ? Math.min(MAX_PHRASE_WORDS, tokens.length - i) : 1;
    for (; longest >= 1; longest -= 1) {
      const key = longest === 1 ? first : tokens.slice(i, i + longest).join(' ');
      const rules = WORD_INDEX.get(key);
      if (rules === undefined) continue;
      for (const r of rules) {
        if (busyUntil[r]! > i || hits[r]! >= WORD_RULES[r]!.maxHits) continue;
        hits[r]! += 1;
        busyUntil[r] = i + longest;
      }
    }
  }
  WORD_RULES.forEach((rule, r) => {
    if (hits[r]! > 0) add(scores, rule.capability, rule.name, rule.weight * hits[r]!);
  });
}

function passesGate(gate: readonly string[], lower: string): boolean {
  for (const needle of gate) if (lower.includes(needle)) return true;
  return false;
}

function countHits(rule: ScenarioRule, text: string): number {
  if (!rule.pattern.global) return rule.pattern.test(text) ? 1 : 0;
  return countMatches(rule.pattern, text, rule.maxHits);
}

/** Counts matches of a global pattern, stopping at `limit`; leaves the pattern's `lastIndex` at 0. */
function countMatches(pattern: RegExp, text: string, limit: number): number {
  pattern.lastIndex = 0;
  let hits = 0;
  while (hits < limit) {
    const match = pattern.exec(text);
    if (match === null) break;
    hits += 1;
    if (match[0].length === 0) pattern.lastIndex += 1;
  }
  pattern.lastIndex = 0;
  return hits;
}

function add(scores: TextScores, capability: DetectedCapability, name: string, points: number): void {
  scores[capability] += points;
  scores.contributions.set(name, (scores.contributions.get(name) ?? 0) + points);
}

function remove(scores: TextScores, capability: DetectedCapability, name: string): void {
  const points = scores.contributions.get(name);
  if (points === undefined) return;
  scores[capability] -= points;
  scores.contributions.delete(name);
}
