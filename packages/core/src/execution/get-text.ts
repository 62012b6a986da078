import type { GenerateResult } from '@tokenwise/spec';

/** The answer's text: every text content part, concatenated (reasoning and tool calls left out). */
export function getText(result: Pick<GenerateResult, 'content'>): string {
  let text = '';
  for (const part of result.content) if (part.type === 'text') text += part.text;
  return text;
}
