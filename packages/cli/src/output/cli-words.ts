/**
 * Library option names in messages, and what a CLI user can do instead. Core speaks to library callers
 * (`budgetStrict`, `allowFree`…); `tokenwise` users only have flags, settings and commands.
 */
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /; raise --budget, lower max_tokens, or allow best effort \(budgetStrict: false\)\./,
    '; raise --budget or choose another --capability.',
  ],
  [
    /; relax the capability, minTier or exclusions, or allow free\/unpriced models\./,
    '; choose another --capability, or see the whole catalog with "tokenwise models --all".',
  ],
  [
    /free model; pass allowFree to consider it/,
    'free model (never routed to; "tokenwise models --all" lists it)',
  ],
  [
    /asynchronous batch variant; pass allowBatch to consider it/,
    'asynchronous batch variant (its answers arrive hours later, so it is never routed to)',
  ],
  [
    /price unknown; pass allowUnpriced to consider it/,
    'price unknown (give it input_price and output_price under model_overrides in the config file)',
  ],
];

/** `text` with library option names replaced by the flag, setting or command a CLI user can use. */
export function cliWords(text: string): string {
  let result = text;
  for (const [pattern, replacement] of REPLACEMENTS) result = result.replace(pattern, replacement);
  return result;
}
