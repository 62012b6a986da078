/**
 * How a benchmark decides that an answer is right. Validators check the answer itself (a known value, code that
 * compiles, a required structure), not merely that the call returned.
 */
export type Validator =
  /** The answer contains `value` (case-insensitive unless `caseSensitive`). */
  | { type: 'contains'; value: string; caseSensitive?: boolean }
  /** The answer matches the regular expression `pattern` (JavaScript syntax; `flags` default `i`). */
  | { type: 'regex'; pattern: string; flags?: string }
  /** The LAST number in the answer equals `value` within `tolerance` (default 1e-9). */
  | { type: 'number'; value: number; tolerance?: number }
  /** The answer holds a JSON value (bare or in a fenced block); when `requiredKeys` is set, an object with them. */
  | { type: 'json'; requiredKeys?: readonly string[] }
  /**
   * The answer holds code that parses. JavaScript is compiled (never run) with `node:vm`; Python is checked
   * heuristically (brackets, quotes, block structure), since no Python parser runs here. `mustDefine` names
   * functions or classes the code must define.
   */
  | { type: 'code'; language?: 'javascript' | 'python'; mustDefine?: readonly string[] }
  /** The answer is at least `value` characters long once trimmed (the original's floor for every answer). */
  | { type: 'minLength'; value: number }
  /** Every validator of `of` passes. */
  | { type: 'all'; of: readonly Validator[] };

/** The verdict of a validator: `reason` says what failed, in one line. */
export type ValidationResult = { ok: true } | { ok: false; reason: string };
