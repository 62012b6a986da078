/** Whether `value` is a plain mapping (an object that is not an array), as YAML and JSON documents give them. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
