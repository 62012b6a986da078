/** What replaces a secret in any text TokenWise keeps, logs or shows. */
export const REDACTED = '[REDACTED]';

// Text shaped like a credential, in this order (a bearer token before the header that carries it):
const SHAPES: readonly [RegExp, string][] = [
  // `Bearer <token>` anywhere (headers echoed in messages, curl lines).
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // Keys passed as URL query parameters (Google's `?key=`).
  [/([?&](?:key|api_key|apikey|api-key|access_token|token)=)[^&\s"']+/gi, `$1${REDACTED}`],
  // Credential headers echoed as `name: value` or `"name":"value"`.
  [
    /\b((?:x-api-key|x-goog-api-key|api-key|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]{8,}/gi,
    `$1${REDACTED}`,
  ],
  // OpenAI, Anthropic, OpenRouter, DeepSeek `sk-…` (and publishable/restricted `pk-`/`rk-` keys).
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{6,}/g, REDACTED],
  // Google `AIza…`.
  [/\bAIza[0-9A-Za-z_-]{10,}/g, REDACTED],
  // Groq `gsk_…`, Hugging Face `hf_…`, xAI `xai-…`, GitHub `ghp_…` / `github_pat_…`.
  [/\b(?:gsk|hf|xai|ghp|github_pat)[_-][A-Za-z0-9_-]{16,}/g, REDACTED],
  // Any other long opaque token (unprefixed vendor keys are 32–64 characters of this alphabet).
  [/\b[A-Za-z0-9_-]{40,}\b/g, REDACTED],
];

/** Options of {@link redactSecrets}. */
export interface RedactSecretsOptions {
  /**
   * Exact values to remove wherever they appear, raw and URL-encoded: the caller's own keys. Values shorter than
   * 4 characters are ignored (replacing them would shred ordinary text without protecting anything).
   */
  secrets?: ReadonlyArray<string | undefined>;
  /**
   * Also mask text shaped like a credential (default true). Off only for a model's output relayed to its
   * caller, which may legitimately contain such text; the known `secrets` are removed from it all the same.
   */
  shapes?: boolean;
}

/**
 * THE redaction of TokenWise: every error message, log line, ledger record and CLI error goes through it.
 * Replaces each known secret (`options.secrets`, raw and URL-encoded) and anything shaped like an API key or
 * token (bearer tokens, `?key=` parameters, credential headers, `sk-`/`pk-`/`rk-`, `AIza…`, `gsk_`/`hf_`/`xai-`/
 * `ghp_`/`github_pat_` keys, opaque tokens of 40+ characters) with {@link REDACTED}. Never throws; text
 * without a secret comes back unchanged.
 */
export function redactSecrets(text: string, options: RedactSecretsOptions = {}): string {
  let result = text;
  for (const secret of options.secrets ?? []) {
    if (secret === undefined || secret.length < 4) continue;
    // Every relayed body passes through here: search first, and only copy the text when a secret is in it.
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && result.includes(encoded)) result = result.split(encoded).join(REDACTED);
  }
  if (options.shapes === false) return result;
  for (const [shape, replacement] of SHAPES) result = result.replace(shape, replacement);
  return result;
}
