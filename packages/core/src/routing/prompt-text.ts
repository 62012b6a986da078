import type { Message } from '@tokenwise/spec';

/** True when the prompt has something to answer: non-blank text, an image, or tool traffic. */
export function hasPromptContent(input: string | readonly Message[]): boolean {
  if (typeof input === 'string') return input.trim() !== '';
  for (const message of input) {
    if (message.role === 'system') {
      if (message.content.trim() !== '') return true;
      continue;
    }
    for (const part of message.content) {
      if (part.type !== 'text' || part.text.trim() !== '') return true;
    }
  }
  return false;
}

/**
 * The text the risk gate judges: the string itself, or the last user message's text. Earlier turns are left
 * out so one risky sentence does not block the rest of a conversation.
 */
export function lastUserText(input: string | readonly Message[]): string {
  if (typeof input === 'string') return input;
  for (let index = input.length - 1; index >= 0; index--) {
    const message = input[index]!;
    if (message.role !== 'user') continue;
    return message.content
      .map((part) => (part.type === 'text' ? part.text : ''))
      .filter((text) => text !== '')
      .join('\n');
  }
  return '';
}

/** True when a user message carries an image, which only vision models can read. */
export function promptHasImages(input: string | readonly Message[]): boolean {
  if (typeof input === 'string') return false;
  return input.some(
    (message) => message.role === 'user' && message.content.some((part) => part.type === 'image'),
  );
}
