/** What a model is good at, and what a prompt needs. `general` is what every chat model can do. */
export type Capability = 'code' | 'reasoning' | 'math' | 'general' | 'vision';

/** Every capability, in a stable order. */
export const CAPABILITIES: readonly Capability[] = ['code', 'reasoning', 'math', 'general', 'vision'];
