import type { Message } from '@tokenwise/spec';

/**
 * A rough prompt size (4 characters a token, plus a few tokens of framing per message) for when no tokenizer is
 * composed in. It only sizes the reservation; the upstream's reported usage is what gets billed.
 */
export function estimatePromptTokens(prompt: Message[]): number {
  let chars = 0;
  for (const message of prompt) {
    chars += 16;
    if (typeof message.content === 'string') {
      chars += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text') chars += part.text.length;
      else if (part.type === 'image') chars += 3_000;
      else if (part.type === 'tool-call') chars += part.input.length + part.toolName.length;
      else chars += part.output.length;
    }
  }
  return Math.ceil(chars / 4);
}
