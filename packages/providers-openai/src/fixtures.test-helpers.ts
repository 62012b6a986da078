import { readFileSync } from 'node:fs';
import type { MockReply } from '@tokenwise/testkit';

const fixtureUrl = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);

/** A JSON fixture as a 200 reply. */
export function jsonFixture(name: string): MockReply {
  return { type: 'json', body: JSON.parse(readFileSync(fixtureUrl(`${name}.json`), 'utf8')) };
}

/** A chunks fixture (one JSON chunk per line) as an SSE reply ending in `[DONE]`. */
export function chunksFixture(name: string, { done = true }: { done?: boolean } = {}): MockReply {
  const lines = readFileSync(fixtureUrl(`${name}.chunks.txt`), 'utf8')
    .split('\n')
    .filter(Boolean);
  return { type: 'sse', events: [...lines.map((data) => ({ data })), ...(done ? [{ data: '[DONE]' }] : [])] };
}
