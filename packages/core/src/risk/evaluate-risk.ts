/** Settings of the risk gate. It is off unless `enabled` is true. */
export interface RiskGateConfig {
  /** Default false: the gate passes everything. */
  enabled?: boolean;
  /** Block queries matching an irreversible-operation pattern (default true). */
  irreversibleBlock?: boolean;
  /** Block queries whose ambiguity score reaches this value (default 0.9). */
  ambiguityThreshold?: number;
}

/** The gate's verdict. `reason` is empty when the query passes. */
export interface RiskAssessment {
  blocked: boolean;
  reason: string;
  /** Ambiguity score in [0, 1]; 0 when the gate is off or an irreversible pattern matched. */
  score: number;
}

/** Default ambiguity threshold: with it, only one- or two-word vague commands ("do it", "ok") are blocked. */
export const DEFAULT_AMBIGUITY_THRESHOLD = 0.9;

// Whole-word, case-insensitive, and `.` never crosses a newline: the original's semantics, kept for parity
// (a command split across lines is known to slip through, see the Python spec §14.4 item 35).
// Each pattern has a label in words for messages: CLI and HTTP users see what the gate matched, never a regex.
const IRREVERSIBLE_PATTERNS: ReadonlyArray<{ pattern: RegExp; label: string }> = [
  {
    pattern: /\bdelete\b.*\b(database|db|table|production|prod)\b/i,
    label: '"delete" followed by database, db, table, production or prod',
  },
  {
    pattern: /\b(database|db|table|production|prod)\b.*\bdelete\b/i,
    label: 'database, db, table, production or prod followed by "delete"',
  },
  { pattern: /\brm\s+-rf\b/i, label: '"rm -rf"' },
  { pattern: /\bdrop\b.*\btable\b/i, label: '"drop" … "table"' },
  { pattern: /\btable\b.*\bdrop\b/i, label: '"table" … "drop"' },
  { pattern: /\btruncate\b.*\btable\b/i, label: '"truncate" … "table"' },
  { pattern: /\bformat\b.*\bdisk\b/i, label: '"format" … "disk"' },
  {
    pattern: /\bdestroy\b.*\b(infrastructure|cluster|server)\b/i,
    label: '"destroy" followed by infrastructure, cluster or server',
  },
];

const VAGUE_PHRASES: ReadonlySet<string> = new Set([
  'do it',
  'go ahead',
  'whatever',
  'just do it',
  'ok',
  'yes',
  'sure',
  'yep',
  'make it work',
  'fix it',
  'handle it',
  'do the thing',
]);

/**
 * The original's `evaluate_risk`: blocks irreversible-looking operations (first matching pattern wins) and
 * queries too short or vague to act on. Ambiguity: 0.8 for ≤ 2 words, 0.5 for ≤ 5, 0.3 for ≤ 10, else 0.1;
 * +0.3 when the whole query is a stock vague phrase (trailing punctuation defeats the match); capped at 1.
 */
export function evaluateRisk(query: string, config: RiskGateConfig = {}): RiskAssessment {
  if (config.enabled !== true) return { blocked: false, reason: '', score: 0 };
  if (config.irreversibleBlock ?? true) {
    for (const { pattern, label } of IRREVERSIBLE_PATTERNS) {
      if (pattern.test(query)) {
        return {
          blocked: true,
          reason: `Query matches an irreversible operation: ${label}`,
          score: 0,
        };
      }
    }
  }
  const score = ambiguityScore(query);
  const threshold = config.ambiguityThreshold ?? DEFAULT_AMBIGUITY_THRESHOLD;
  if (score >= threshold) {
    return {
      blocked: true,
      reason: `Query is too ambiguous (score=${score.toFixed(2)}, threshold=${threshold.toFixed(2)})`,
      score,
    };
  }
  return { blocked: false, reason: '', score };
}

/** The ambiguity part of {@link evaluateRisk}, in [0, 1]. */
export function ambiguityScore(query: string): number {
  const trimmed = query.trim();
  const words = trimmed === '' ? 0 : trimmed.split(/\s+/).length;
  let score = words <= 2 ? 0.8 : words <= 5 ? 0.5 : words <= 10 ? 0.3 : 0.1;
  if (VAGUE_PHRASES.has(trimmed.toLowerCase())) score += 0.3;
  return Math.min(score, 1);
}
