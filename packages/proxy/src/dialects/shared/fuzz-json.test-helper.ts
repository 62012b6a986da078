// Seeded JSON fuzzing shared by the door parser fuzz and the HTTP fuzz of the doors (test-only).

/** A small seeded PRNG, so a failing fuzz run replays. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const oddValues: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  1e308,
  '',
  'x',
  true,
  [],
  {},
  [1, 'a'],
  { type: 'zzz' },
  '\u0000',
  2 ** 53,
];

/** Replaces one random node of a JSON tree by an odd value, or deletes it. */
export function mutate(value: unknown, random: () => number): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const paths: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        paths.push({ parent: node, key: index });
        walk(node[index]);
      }
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        paths.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    }
  };
  walk(copy);
  const target = paths[Math.floor(random() * paths.length)];
  if (target === undefined) return copy;
  const odd = oddValues[Math.floor(random() * oddValues.length)];
  if (random() < 0.2 && !Array.isArray(target.parent))
    delete (target.parent as Record<string, unknown>)[target.key];
  else (target.parent as Record<string | number, unknown>)[target.key] = odd;
  return copy;
}

/** A valid Messages request touching most fields, to mutate. */
export const messagesSeed = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] },
  ],
  tools: [{ name: 'f', input_schema: { type: 'object' } }],
  tool_choice: { type: 'auto' },
  thinking: { type: 'enabled', budget_tokens: 1024 },
  stream: true,
};

/** A valid Responses request touching most fields, to mutate. */
export const responsesSeed = {
  model: 'gpt-4.1',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
    { type: 'function_call_output', call_id: 'c1', output: 'ok' },
  ],
  instructions: 'x',
  tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
  tool_choice: 'auto',
  text: { format: { type: 'json_object' } },
  max_output_tokens: 100,
  stream: false,
};
