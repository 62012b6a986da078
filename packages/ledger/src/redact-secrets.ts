const REDACTED = '[REDACTED]';

// Common credential shapes: OpenAI/Anthropic/OpenRouter `sk-…`, Google `AIza…`, Groq `gsk_…`, Hugging Face
// `hf_…`, xAI `xai-…`, bearer tokens, and keys passed as URL query parameters or headers.
const PATTERNS: readonly [RegExp, string][] = [
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/([?&](?:key|api_key|apikey|api-key|access_token|token)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [
    /\b((?:x-api-key|x-goog-api-key|api-key|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]{8,}/gi,
    `$1${REDACTED}`,
  ],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\b(?:gsk|hf|xai|ghp|github_pat)[_-][A-Za-z0-9_-]{16,}/g, REDACTED],
];

/** Longest error message kept in the ledger; longer ones are cut (they are for people, not parsers). */
export const MAX_ERROR_MESSAGE_LENGTH = 500;

/**
 * Replaces anything that looks like an API key or bearer token with `[REDACTED]` and keeps the text on one
 * bounded line. Applied to every error message before it reaches the ledger.
 */
export function redactSecrets(text: string): string {
  let out = text.replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out.length > MAX_ERROR_MESSAGE_LENGTH ? `${out.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…` : out;
}
