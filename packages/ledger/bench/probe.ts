import { open } from 'node:fs/promises';
import { serializeLedgerRecord } from '@tokenwise/ledger';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';

const path = '/tmp/probe-ledger.jsonl';
const h = await open(path, 'w');
const lines: string[] = [];
for (let i = 0; i < 200000; i++)
  lines.push(
    serializeLedgerRecord({
      kind: 'attempt',
      timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60000).toISOString(),
      source: 'proxy',
      requestId: 'req-' + i,
      reason: 'proxy request',
      modelId: i % 2 ? 'openai/gpt-4o-mini' : 'x/y',
      providerId: 'openai',
      inputTokens: 123,
      outputTokens: 45,
      cost: 123456789n + BigInt(i),
      success: true,
      latencyMs: 400,
    }),
  );
await h.write(lines.join('\n') + '\n');
await h.close();
const store = createJsonlLedgerStore({ path });
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  await store.summary();
  console.log('summary', (((performance.now() - t) / 200000) * 1e6).toFixed(0), 'ns/record');
}
const t = performance.now();
for (const l of lines) JSON.parse(l);
console.log('JSON.parse only', (((performance.now() - t) / 200000) * 1e6).toFixed(0), 'ns/record');
