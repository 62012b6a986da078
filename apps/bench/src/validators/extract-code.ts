const FENCE = /```[ \t]*([\w+#-]*)[^\n]*\n([\s\S]*?)```/g;

/**
 * The code of an answer: the fenced blocks (all of them joined, preferring blocks tagged with one of
 * `languageTags`), or the whole answer when it has no fence. Models usually wrap code in Markdown fences and add
 * prose around it; the prose must not count as a syntax error.
 */
export function extractCode(text: string, languageTags: readonly string[] = []): string {
  const blocks: { tag: string; code: string }[] = [];
  for (const match of text.matchAll(FENCE)) {
    blocks.push({ tag: (match[1] ?? '').toLowerCase(), code: match[2] ?? '' });
  }
  if (blocks.length === 0) return text;
  const tagged = blocks.filter((block) => languageTags.includes(block.tag));
  return (tagged.length > 0 ? tagged : blocks).map((block) => block.code).join('\n');
}

/**
 * The JSON value of an answer: a fenced block, the whole answer, or the text from the first `{` (or `[`) to the
 * last `}` (or `]`), whichever parses first.
 */
export function extractJson(text: string): { found: true; value: unknown } | { found: false } {
  const fenced = extractCode(text, ['json']);
  const candidates = fenced === text ? [] : [fenced];
  candidates.push(text.trim());
  for (const open of ['{', '[']) {
    const close = open === '{' ? '}' : ']';
    const start = text.indexOf(open);
    const end = text.lastIndexOf(close);
    if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  }
  for (const candidate of candidates) {
    try {
      return { found: true, value: JSON.parse(candidate) };
    } catch {
      // try the next candidate
    }
  }
  return { found: false };
}
