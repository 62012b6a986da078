import type { StreamPart } from '@tokenwise/spec';
import {
  LETTERS_PER_TOKEN,
  OTHER_CHARS_PER_TOKEN,
  SYMBOLS_PER_TOKEN,
} from '../tokens/estimate-text-tokens.js';

/** Counts the output of a stream as it passes (internal). */
export interface OutputCounter {
  observe(part: StreamPart): void;
  /** True once a text, reasoning or tool part arrived. */
  readonly hasContent: boolean;
  /** Output tokens so far. */
  total(): number;
}

/**
 * Creates a counter. With `count` (an exact tokenizer), deltas are counted one by one — vendors cut deltas on
 * token boundaries, so the sum is the answer's count. Without it, the calibrated estimate is kept incrementally
 * over the whole text, so tiny deltas are not each rounded up (which would cut honest answers early).
 */
export function createOutputCounter(count?: (text: string) => number): OutputCounter {
  let hasContent = false;
  let exact = 0;
  let letters = 0;
  let symbols = 0;
  let other = 0;
  let wide = 0;
  const streamedToolCalls = new Set<string>();
  const add = (text: string) => {
    if (count) {
      exact += count(text);
      return;
    }
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 0x80) {
        if (code === 32 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)) letters++;
        else symbols++;
      } else if (code >= 0xd800 && code <= 0xdbff) {
        wide++;
        index++;
      } else if (code >= 0x2e80) wide++;
      else other++;
    }
  };
  return {
    get hasContent() {
      return hasContent;
    },
    total: () =>
      count
        ? exact
        : Math.ceil(
            letters / LETTERS_PER_TOKEN + symbols / SYMBOLS_PER_TOKEN + other / OTHER_CHARS_PER_TOKEN,
          ) + wide,
    observe(part) {
      switch (part.type) {
        case 'text-delta':
        case 'reasoning-delta':
          hasContent = true;
          add(part.delta);
          break;
        case 'tool-call-delta':
          hasContent = true;
          streamedToolCalls.add(part.toolCallId);
          add(part.inputDelta);
          break;
        case 'tool-call':
          hasContent = true;
          if (!streamedToolCalls.has(part.toolCallId)) add(part.toolName + part.input);
          break;
      }
    },
  };
}
