import type { StreamPart } from '@tokenwise/spec';
import { createTextTally } from '../tokens/estimate-text-tokens.js';

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
  const tally = createTextTally();
  const streamedToolCalls = new Set<string>();
  const add = (text: string) => {
    if (count) exact += count(text);
    else tally.add(text);
  };
  return {
    get hasContent() {
      return hasContent;
    },
    total: () => (count ? exact : tally.tokens()),
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
