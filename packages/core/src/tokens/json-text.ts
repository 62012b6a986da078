import type { JsonValue } from '@tokenwise/spec';

type Frame =
  | { kind: 'array'; items: readonly (JsonValue | undefined)[]; next: number }
  | { kind: 'object'; entries: [string, JsonValue | undefined][]; next: number };

/**
 * The `JSON.stringify` text of a JSON value, built without recursion. `JSON.stringify` itself overflows the
 * stack on a schema nested a few thousand levels deep (a hostile `tools[].parameters`), and a token count must
 * never throw on what a client sent. Object properties that are `undefined` are left out, like
 * `JSON.stringify`; non-finite numbers become `null`.
 */
export function jsonText(value: JsonValue | undefined): string {
  const parts: string[] = [];
  const stack: Frame[] = [];
  let pending: JsonValue | undefined = value;
  let hasPending = true;
  for (;;) {
    if (hasPending) {
      hasPending = false;
      if (pending === null || typeof pending !== 'object') {
        parts.push(pending === undefined ? 'null' : (JSON.stringify(pending) ?? 'null'));
      } else if (Array.isArray(pending)) {
        parts.push('[');
        stack.push({ kind: 'array', items: pending, next: 0 });
      } else {
        parts.push('{');
        const entries = Object.entries(pending).filter((entry) => entry[1] !== undefined);
        stack.push({ kind: 'object', entries, next: 0 });
      }
    }
    const frame = stack[stack.length - 1];
    if (frame === undefined) return parts.join('');
    if (frame.kind === 'array') {
      if (frame.next < frame.items.length) {
        if (frame.next > 0) parts.push(',');
        pending = frame.items[frame.next++];
        hasPending = true;
        continue;
      }
      parts.push(']');
    } else {
      if (frame.next < frame.entries.length) {
        const [key, item] = frame.entries[frame.next]!;
        parts.push(`${frame.next > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        frame.next++;
        pending = item;
        hasPending = true;
        continue;
      }
      parts.push('}');
    }
    stack.pop();
  }
}
