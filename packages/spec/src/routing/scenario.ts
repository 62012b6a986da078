import type { Capability } from '../model/capability.js';

/** How demanding a prompt is. */
export type Complexity = 'simple' | 'moderate' | 'complex';

/** What a prompt needs, as detected before routing. */
export interface Scenario {
  /** Needed capabilities, primary first; empty when plain `general` chat is enough. */
  capabilities: Capability[];
  complexity: Complexity;
  /** Short names of the signals that fired, for explanations and debugging. */
  signals: string[];
}
