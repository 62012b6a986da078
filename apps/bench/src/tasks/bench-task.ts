import type { Capability } from '@tokenwise/spec';
import type { Validator } from '../validators/validator.js';

/** The task categories of the original benchmark; a task file may use other names too. */
export type KnownCategory = 'simple' | 'reasoning' | 'coding' | 'hard';

/** One benchmark task: a prompt and how to judge the answer. */
export interface BenchTask {
  /** Short stable name, used in the CSV and the ledger (default: `<category>-<line number>`). */
  id: string;
  prompt: string;
  /** `simple`, `reasoning`, `coding`, `hard`, or any other label. */
  category: string;
  validator: Validator;
  /** The capability routing strategies ask for (default: from the category; `general` otherwise). */
  capability?: Capability;
  /** max_tokens of every call for this task (default: the run's `--max-tokens`). */
  maxOutputTokens?: number;
}

/** The capability a category needs, as the original's strategy benchmark passed it to the router. */
export function capabilityOfCategory(category: string): Capability {
  switch (category) {
    case 'reasoning':
      return 'reasoning';
    case 'coding':
    case 'hard':
      return 'code';
    default:
      return 'general';
  }
}
