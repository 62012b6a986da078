// Appends records to a ledger file with the real store, as a separate process does (used by the concurrency
// test). Usage: append-worker.ts <path> <worker id> <count>
import { createJsonlLedgerStore } from '../create-jsonl-ledger-store.js';

const [path, worker, count] = process.argv.slice(2);
const store = createJsonlLedgerStore({ path: path! });
const total = Number(count);
const pending: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const append = store.append({
    kind: 'attempt',
    timestamp: new Date().toISOString(),
    source: 'library',
    requestId: `${worker}-${i}`,
    // Some lines are far beyond PIPE_BUF (4096 bytes) and span page boundaries.
    reason: i % 50 === 0 ? `library call ${'x'.repeat(9000)}` : 'library call',
    modelId: `model-${worker}`,
    inputTokens: i,
    outputTokens: 1,
    errorMessage: i % 100 === 0 ? 'e'.repeat(450) : undefined,
    cost: 1_000_000n,
    success: true,
  });
  // Half the writes awaited one by one, half in flight together: both paths of the writer.
  if (i % 2 === 0) await append;
  else pending.push(append);
}
await Promise.all(pending);
