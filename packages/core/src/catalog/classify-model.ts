import type { Capability, Pricing, Tier } from '@tokenwise/spec';
import { MODEL_FAMILIES, type ModelFamily } from './model-families.js';

/** What the curated table and the fallback rules say about a model id. */
export interface ModelClassification {
  tier: Tier;
  capabilities: Capability[];
  /** The matching curated family pattern; `undefined` when the fallback rules decided. */
  family: string | undefined;
}

/** A compiled family table, built once per process by {@link createModelClassifier}. */
export interface ModelClassifier {
  /** Tier and capabilities of `id` (`vendor/name`), given its prices and input modalities. */
  classify(
    id: string,
    pricing: Pricing | undefined,
    inputModalities?: readonly string[],
  ): ModelClassification;
  /** The curated family whose pattern matches `id` most specifically, if any. */
  matchFamily(id: string): ModelFamily | undefined;
}

/**
 * Thresholds of the price-derived tier, on the OUTPUT price in USD per million tokens. Output price separates
 * classes better than input price in the 2026 catalog: budget models sit below $1 (gpt-4.1-nano $0.40,
 * gemini-2.5-flash-lite $0.40, deepseek-v3.2 $0.40), mid models between $1 and $10 (gpt-4.1 $8, claude-haiku-4.5
 * $5, o4-mini $4.40) and flagships at $10 or more (gpt-5 $10, claude-sonnet-4.5 $15, claude-opus-4.1 $75).
 */
export const PRICE_TIER_THRESHOLDS = { budgetBelow: 1, midBelow: 10 } as const;

/** Tier from the output price; an unknown or zero price (free variants) gives `budget`. */
export function tierFromPrice(pricing: Pricing | undefined): Tier {
  const output = pricing?.outputPerMillion;
  if (output === undefined || !(output > 0)) return 'budget';
  if (output < PRICE_TIER_THRESHOLDS.budgetBelow) return 'budget';
  if (output < PRICE_TIER_THRESHOLDS.midBelow) return 'mid';
  return 'flagship';
}

// Size words in the part of a name that the family pattern did not cover lower the tier: an unlisted
// `foo-mini` of a flagship family is a step down, `foo-nano` is budget.
// (`-fast` is not one: Anthropic's fast mode of opus is a pricier flagship.)
const ONE_STEP_DOWN = new Set(['mini', 'flash', 'lite', 'small', 'air', 'haiku']);
const TO_BUDGET = new Set(['nano', 'micro', 'tiny']);

// Keyword capabilities, matched on the whole bare name for every model (families and unknown ids alike).
const CODE_WORDS = /coder|codex|codestral|starcoder|(?:^|[-_.:])code(?:[-_.:]|$)/;
const REASONING_WORDS = /think|reason|qwq|(?:^|[-_.:])r1(?:[-_.:]|$)/;
const MATH_WORDS = /math/;

/**
 * The bare, lowercased model name used for matching: no `vendor/` prefix, no `~` alias marker, no `:free`
 * or `:batch` style variant suffix.
 */
export function bareModelName(id: string): string {
  const lower = id.toLowerCase();
  const slash = lower.indexOf('/');
  let name = slash >= 0 ? lower.slice(slash + 1) : lower;
  const colon = name.indexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  return name.startsWith('~') ? name.slice(1) : name;
}

/** Compiles a family table (the curated {@link MODEL_FAMILIES} by default). */
export function createModelClassifier(families: readonly ModelFamily[] = MODEL_FAMILIES): ModelClassifier {
  // Families are bucketed by the first two characters of their pattern (every pattern starts with at least two
  // literal characters), so a lookup runs a handful of regexes instead of the whole table.
  const buckets = new Map<string, { family: ModelFamily; regex: RegExp }[]>();
  for (const family of families) {
    const key = family.pattern.slice(0, 2);
    const bucket = buckets.get(key) ?? [];
    bucket.push({ family, regex: new RegExp(`^(?:${family.pattern})`) });
    buckets.set(key, bucket);
  }

  function best(name: string): { family: ModelFamily; length: number } | undefined {
    let found: { family: ModelFamily; length: number } | undefined;
    for (const { family, regex } of buckets.get(name.slice(0, 2)) ?? []) {
      const match = regex.exec(name);
      if (match && (found === undefined || match[0].length > found.length)) {
        found = { family, length: match[0].length };
      }
    }
    return found;
  }

  return {
    matchFamily(id) {
      return best(bareModelName(id))?.family;
    },
    classify(id, pricing, inputModalities = []) {
      const name = bareModelName(id);
      const match = best(name);
      // Keywords also read the variant suffix: `qwen-plus:thinking` is a reasoning variant.
      const words = id.toLowerCase().slice(id.indexOf('/') + 1);
      const capabilities = new Set<Capability>(match ? match.family.capabilities : ['general']);
      capabilities.add('general');
      if (CODE_WORDS.test(words)) capabilities.add('code');
      if (REASONING_WORDS.test(words)) {
        capabilities.add('reasoning');
        capabilities.add('math');
      }
      if (MATH_WORDS.test(words)) capabilities.add('math');
      if (inputModalities.includes('image')) capabilities.add('vision');

      let tier: Tier;
      if (match?.family.tier) {
        tier = lowerBySizeWords(match.family.tier, name.slice(match.length));
      } else {
        tier = tierFromPrice(pricing);
      }
      return { tier, capabilities: [...capabilities], family: match?.family.pattern };
    },
  };
}

function lowerBySizeWords(tier: Tier, rest: string): Tier {
  let result = tier;
  for (const word of rest.split(/[-_.]/)) {
    if (TO_BUDGET.has(word)) return 'budget';
    if (ONE_STEP_DOWN.has(word)) result = result === 'flagship' ? 'mid' : 'budget';
  }
  return result;
}
