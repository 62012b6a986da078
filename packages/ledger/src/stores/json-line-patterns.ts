// The JSON grammar pieces the writer's lines are made of (shared by the fast summary and the fast call decoder). A line these patterns accept is valid JSON with the
// keys in the writer's fixed order (so no key is repeated) and every field of the type the record schema's fast
// check wants; its values decode exactly as JSON.parse decodes them.
/** A JSON string (quotes included), escapes allowed. */
export const STR = String.raw`"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"`;
/** The same, captured without its quotes. */
export const STR_CAPTURE = String.raw`"((?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"`;
/** A JSON number that is certainly finite (at most 21 whole digits and a two-digit exponent). */
export const NUM = String.raw`-?(?:0|[1-9]\d{0,20})(?:\.\d+)?(?:[eE][+-]?\d{1,2})?`;
/** A finite number, 0 or more. */
export const NON_NEGATIVE = String.raw`(?:0|[1-9]\d{0,20})(?:\.\d+)?(?:[eE][+-]?\d{1,2})?`;
/** A whole count that is a safe integer (15 digits at most). */
export const COUNT = String.raw`(?:0|[1-9]\d{0,14})`;
/** An exact decimal string as the schema accepts it. */
export const EXACT = String.raw`"\d+(?:\.\d{0,12})?"`;
/** An exact decimal string below 1000 USD, captured: its pico amount is a safe integer. */
export const SMALL_EXACT_CAPTURE = String.raw`"(\d{1,3}(?:\.\d{0,12})?)"`;
/** A JSON boolean. */
export const FLAG = '(?:true|false)';

/** The value of a JSON string's inside (already checked by the patterns). */
export function jsonText(inside: string): string {
  return inside.includes('\\') ? (JSON.parse(`"${inside}"`) as string) : inside;
}
