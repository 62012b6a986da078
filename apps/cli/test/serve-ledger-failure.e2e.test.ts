import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLedgerRecord } from '@tokenwise/ledger';
import { callsLedgerPath } from '@tokenwise/ledger/node';
import { createOpenRouterMockUpstream, type ListeningUpstream } from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, rawRequest, spawnServe, TEST_UPSTREAM_KEY, until } from './spawn-serve.js';

// Issue #13 §7 end to end: `tokenwise serve` whose ledger cannot be written (a directory at the ledger path)
// must log each lost record as a ledger line to replay, with the cause, once per failure, and no secret.

let home: string;
const upstream = createOpenRouterMockUpstream();
let server: ListeningUpstream;

beforeAll(async () => {
  assertBuilt();
  home = await mkdtemp(join(tmpdir(), 'tokenwise-ledger-failure-e2e-'));
  server = await upstream.listen();
});
afterAll(async () => {
  await server?.close();
  await rm(home, { recursive: true, force: true });
});

const PROXY_KEY = 'sk-proxy-inbound-secret-7890';

describe('tokenwise serve: a failed ledger write (built binary, #13 §7)', { timeout: 120_000 }, () => {
  it('logs every record it could not write, with the cause, once, and no secret', async () => {
    const ledgerPath = join(home, 'ledger-is-a-directory');
    await mkdir(ledgerPath);
    // The proxy's records go to the calls file beside the task ledger: make that one unwritable too.
    await mkdir(callsLedgerPath(ledgerPath));
    const proxy = await spawnServe({
      home,
      upstreamUrl: server.url,
      ledgerPath,
      env: { TOKENWISE_PROXY_KEYS: PROXY_KEY },
    });
    try {
      for (const content of ['Hello', 'Hello again']) {
        const response = await rawRequest(proxy.port, {
          path: '/v1/chat/completions',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${PROXY_KEY}` },
          body: JSON.stringify({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content }] }),
        });
        // the answer does not depend on the ledger
        expect(response.status).toBe(200);
      }
      // two requests: one attempt and one request record each
      const failures = () =>
        proxy.logLines().filter((line) => String(line.msg).startsWith('Ledger write failed'));
      await until(() => failures().length >= 4);
      // give a duplicate (a second report of the same failure) the time to show up
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lines = failures();
      expect(lines).toHaveLength(4);
      const replayed = lines.map((line) => decodeLedgerRecord(JSON.parse(String(line.record))));
      expect(replayed.map((record) => record?.kind).sort()).toEqual([
        'attempt',
        'attempt',
        'request',
        'request',
      ]);
      const requestIds = new Set(replayed.map((record) => (record as { requestId: string }).requestId));
      expect(requestIds.size).toBe(2);
      for (const line of lines) {
        expect(line.level).toBe(50);
        expect(String(line.error)).toContain('(EISDIR)');
        expect(String(line.error)).toContain(ledgerPath);
      }
      // no bare warning repeats the failure without the record
      const bare = proxy
        .logLines()
        .filter((line) => line.level === 40 && /EISDIR|ledger-is-a-directory/.test(JSON.stringify(line)));
      expect(bare).toEqual([]);
      const output = proxy.stdout() + proxy.stderr();
      expect(output).not.toContain(PROXY_KEY);
      expect(output).not.toContain(TEST_UPSTREAM_KEY);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });
});
