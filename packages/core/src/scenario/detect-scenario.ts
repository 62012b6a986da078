import { type Capability, InvalidArgumentError, type Message, type Scenario } from '@tokenwise/spec';
import { estimateComplexity } from './estimate-complexity.js';
import type { DetectedCapability } from './scenario-rules.js';
import { scoreText, type TextScores } from './score-text.js';

/** Options of {@link detectScenario}. */
export interface DetectScenarioOptions {
  /** A capability the caller requires: it becomes the primary whatever the text says (the original's rule). */
  requiredCapability?: Capability;
}

/** Score a capability needs to be detected at all. */
export const PRIMARY_THRESHOLD = 3;
/** A second capability is listed when it reaches this score and this share of the primary's. */
export const SECONDARY_THRESHOLD = 3.5;
const SECONDARY_SHARE = 0.3;

/**
 * How much each part of a conversation counts, relative to the last user turn (1). Earlier turns count by
 * their strongest message only, so a long history cannot outvote what is being asked now.
 */
export const TURN_WEIGHTS = {
  earlierUser: 0.5,
  assistant: 0.35,
  system: 0.25,
  tool: 0.2,
} as const;

/** A last user turn shorter than this is a follow-up that leans on the conversation (full context weight). */
const FOLLOW_UP_CHARS = 80;
/** Share of the context weight kept when the last user turn is longer (a new, self-contained request). */
const LONG_TURN_CONTEXT_FACTOR = 0.4;

// Order used to break exact ties: the original's priority code > reasoning > math.
const ORDER: readonly DetectedCapability[] = ['code', 'reasoning', 'math'];

/**
 * Detects what a prompt needs before routing: the capabilities (primary first; empty when plain chat is
 * enough), a complexity level and the names of the signals that fired. Works on a plain string or a whole
 * conversation, where the last user turn weighs most, earlier user turns and assistant code still count, and
 * system prompts count a little. An image in a user message adds `vision` (primary when nothing else is needed).
 *
 * Detection is a weighted sum of explainable pattern rules (code syntax, math notation and word problems,
 * logic-puzzle and multiple-choice structure); see `scenario-rules.ts` for the weights.
 *
 * @throws InvalidArgumentError when the prompt has no text and no image.
 */
export function detectScenario(
  input: string | readonly Message[],
  options: DetectScenarioOptions = {},
): Scenario {
  const view =
    typeof input === 'string'
      ? { last: input, others: [], hasImage: false, chars: input.length }
      : flatten(input);
  if (view.last.trim() === '' && view.others.every((o) => o.text.trim() === '') && !view.hasImage) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message: 'prompt is empty: pass a non-empty string or at least one message with text or an image.',
    });
  }

  const lastScores = scoreText(view.last);
  const total = { code: lastScores.code, math: lastScores.math, reasoning: lastScores.reasoning };
  const contributions = new Map(lastScores.contributions);
  const strongest = new Map<keyof typeof TURN_WEIGHTS, TextScores>();
  for (const other of view.others) {
    if (other.text.trim() === '') continue;
    const scores = scoreText(other.text);
    const best = strongest.get(other.kind);
    if (best === undefined || maxScore(scores) > maxScore(best)) strongest.set(other.kind, scores);
  }
  // Context adds, per capability, its single strongest weighted source; a long last turn stands more on its own.
  const contextFactor = view.last.length < FOLLOW_UP_CHARS ? 1 : LONG_TURN_CONTEXT_FACTOR;
  for (const capability of ORDER) {
    let best = 0;
    for (const [kind, scores] of strongest) best = Math.max(best, scores[capability] * TURN_WEIGHTS[kind]);
    total[capability] += best * contextFactor;
  }
  for (const [kind, scores] of strongest) {
    const weight = TURN_WEIGHTS[kind] * contextFactor;
    for (const [name, points] of scores.contributions) contributions.set(`${name}@${kind}`, points * weight);
  }

  const ranked = ORDER.filter((c) => total[c] >= PRIMARY_THRESHOLD).sort((a, b) => total[b] - total[a]);
  const capabilities: Capability[] = [];
  const primary = ranked[0];
  if (primary !== undefined) {
    capabilities.push(primary);
    for (const other of ranked.slice(1)) {
      if (total[other] >= SECONDARY_THRESHOLD && total[other] >= total[primary] * SECONDARY_SHARE) {
        capabilities.push(other);
      }
    }
  }
  if (options.requiredCapability !== undefined) {
    const required = options.requiredCapability;
    const at = capabilities.indexOf(required);
    if (at >= 0) capabilities.splice(at, 1);
    capabilities.unshift(required);
  }
  if (view.hasImage && !capabilities.includes('vision')) capabilities.push('vision');

  const complexity = estimateComplexity(view.last, view.chars);
  const signals = [...contributions.entries()]
    .filter(([, points]) => points > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
  if (view.hasImage) signals.push('vision:image');
  signals.push(...complexity.signals);
  return { capabilities, complexity: complexity.complexity, signals };
}

interface ConversationView {
  /** Text of the last user turn ('' when no user spoke; the other messages then count as context only). */
  last: string;
  others: Array<{ kind: keyof typeof TURN_WEIGHTS; text: string }>;
  hasImage: boolean;
  /** Characters of text in the whole conversation, for the size part of complexity. */
  chars: number;
}

function flatten(messages: readonly Message[]): ConversationView {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  const view: ConversationView = { last: '', others: [], hasImage: false, chars: 0 };
  messages.forEach((message, index) => {
    const text = textOf(message);
    view.chars += text.length;
    if (message.role === 'user' && message.content.some((part) => part.type === 'image'))
      view.hasImage = true;
    if (index === lastUser) {
      view.last = text;
      return;
    }
    const kind =
      message.role === 'user'
        ? 'earlierUser'
        : message.role === 'assistant'
          ? 'assistant'
          : message.role === 'system'
            ? 'system'
            : 'tool';
    view.others.push({ kind, text });
  });
  return view;
}

function textOf(message: Message): string {
  switch (message.role) {
    case 'system':
      return message.content;
    case 'user':
    case 'assistant': {
      let text = '';
      for (const part of message.content) {
        if (part.type === 'text') text += text === '' ? part.text : `\n${part.text}`;
      }
      return text;
    }
    case 'tool':
      return message.content.map((part) => part.output).join('\n');
  }
}

function maxScore(scores: TextScores): number {
  return Math.max(scores.code, scores.math, scores.reasoning);
}
