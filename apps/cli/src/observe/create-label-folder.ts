/** The label value every value past a label's bound is folded into. */
export const OTHER_LABEL = 'other';

/**
 * Bounds one label's cardinality: values `isKnown` accepts (catalog model ids) pass while fewer than `limit`
 * distinct ones were seen; anything unknown or beyond the bound becomes `other`, so a client naming random
 * models, or a flood of keys, cannot grow the registry without end.
 */
export function createLabelFolder(
  limit: number,
  isKnown?: (value: string) => boolean,
): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= limit || (isKnown !== undefined && !isKnown(value))) return OTHER_LABEL;
    seen.add(value);
    return value;
  };
}
