// Three proxy processes on one PostgreSQL schema, over real HTTP, against a mock upstream on loopback: one key's
// budget holds exactly across replicas, also when one replica is killed mid-run (its reservations are settled at
// their worst case when their leases lapse). Needs TOKENWISE_TEST_DATABASE_URL; skipped with a notice without it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPostgresStores, type PostgresStores } from '@tokenwise/store-postgres';
import {
  createOpenAIMockUpstream,
  type ListeningUpstream,
  openaiAutoReply,
  openaiError,
} from '@tokenwise/testkit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const baseUrl = process.env.TOKENWISE_TEST_DATABASE_URL;
if (!baseUrl) {
  console.info('[proxy-server] TOKENWISE_TEST_DATABASE_URL is not set: skipping the multi-replica tests.');
}

// Trust auth ignores the password: it is here to prove it never reaches a log, an error or a record.
const DB_PASSWORD = 'db-pass-5ecret-77';
const ADMIN_KEY = 'admin-5ecret-key-0123456789';
const UPSTREAM_KEY = 'sk-upstream-5ecret-0123456789';
const LEASE_MS = 4000;
const MAIN = resolve(import.meta.dirname, 'main.ts');

interface Replica {
  url: string;
  child: ChildProcess;
  output: () => string;
}

function withPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password === '') parsed.password = DB_PASSWORD;
  return parsed.toString();
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--conditions=@tokenwise/source', '--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${output}`)), 60_000);
    const check = () => {
      // The start-up log line (JSON) names the address it listens on.
      const match = /"listen":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code}:\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

function upstreamUnreachable(result: { status: number; text: string }): boolean {
  return result.status === 504 && result.text.includes('"upstream_unreachable"');
}

function stopReplica(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    replica.child.once('exit', () => done());
    replica.child.kill('SIGTERM');
  });
}

describe.skipIf(!baseUrl)('replicas on one PostgreSQL schema', () => {
  const schema = `tw_test_replicas_${process.pid}_${Math.floor(Math.random() * 36 ** 6).toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'tokenwise-replicas-'));
  let upstream: ListeningUpstream;
  let replicas: Replica[] = [];
  let stores: PostgresStores;
  let sql: postgres.Sql;
  let env: Record<string, string>;
  const secrets: string[] = [ADMIN_KEY, UPSTREAM_KEY, DB_PASSWORD];

  beforeAll(async () => {
    const mock = createOpenAIMockUpstream({
      auto: (call) => {
        const body = (call.bodyJson ?? {}) as { model?: string };
        if (body.model === 'broken') return openaiError(500, 'The model is down.');
        const reply = openaiAutoReply(call);
        // Latency keeps reservations open while others arrive (and while a replica is killed).
        const delayMs = Math.floor(Math.random() * 60);
        return reply.type === 'sse' ? { ...reply, delayMs, eventDelayMs: 5 } : { ...reply, delayMs };
      },
    });
    upstream = await mock.listen();
    const models = join(dir, 'models.yaml');
    writeFileSync(
      models,
      'models:\n  - id: openai/mini\n    input_price: 10\n    output_price: 10\n' +
        '  - id: openai/broken\n    input_price: 10\n    output_price: 10\n',
    );
    env = {
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      TOKENWISE_DATABASE_URL: withPassword(baseUrl!),
      TOKENWISE_DATABASE_SCHEMA: schema,
      TOKENWISE_ADMIN_KEY: ADMIN_KEY,
      TOKENWISE_RESERVATION_LEASE_MS: String(LEASE_MS),
      TOKENWISE_LOCAL_MODELS: models,
      TOKENWISE_PROXY_PORT: '0',
      TOKENWISE_PROXY_HOST: '127.0.0.1',
      OPENAI_API_KEY: UPSTREAM_KEY,
      OPENAI_BASE_URL: `${upstream.url}/v1`,
      OPENROUTER_BASE_URL: `${upstream.url}/api/v1`,
    };
    // Started together: the migrations' advisory lock makes them queue, not race.
    replicas = await Promise.all([startReplica(env), startReplica(env), startReplica(env)]);
    stores = await createPostgresStores({ url: baseUrl!, schema, ledger: false, maxConnections: 2 });
    sql = postgres(baseUrl!, { max: 1, onnotice: () => {} });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await stores?.close();
    await sql?.unsafe(`drop schema if exists "${schema}" cascade`);
    await sql?.end({ timeout: 5 });
    await upstream?.close();
  });

  const admin = async (replica: Replica, method: string, path: string, body?: unknown, key = ADMIN_KEY) => {
    const response = await fetch(`${replica.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, text: await response.text() };
  };

  const createKey = async (body: Record<string, unknown>) => {
    const created = await admin(replicas[0]!, 'POST', '/admin/keys', body);
    expect(created.status).toBe(201);
    const json = JSON.parse(created.text) as { key: { id: string }; secret: string };
    secrets.push(json.secret);
    return { id: json.key.id, secret: json.secret };
  };

  /** One chat request with a random max_tokens, half of them streamed, some to the failing model. */
  const chat = async (replica: Replica, secret: string, index: number) => {
    const body = {
      model: index % 10 === 0 ? 'openai/broken' : 'openai/mini',
      messages: [{ role: 'user', content: `request number ${index} please answer briefly` }],
      max_tokens: 20 + Math.floor(Math.random() * 180),
      stream: index % 2 === 1,
    };
    try {
      const response = await fetch(`${replica.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, text, model: body.model };
    } catch {
      return { status: 0, text: '', model: body.model };
    }
  };

  const reservationsIn = async (state: 'open' | 'expired') => {
    const rows = (await sql.unsafe(
      `select count(*)::int as n from "${schema}".budget_reservations where state = $1`,
      [state],
    )) as unknown as Array<{ n: number }>;
    return rows[0]!.n;
  };
  const openReservations = () => reservationsIn('open');

  it('keeps one key within its budget exactly under 300 concurrent requests on 3 replicas', async () => {
    const limit = 50_000_000_000n; // $0.05
    const { id, secret } = await createKey({ name: 'shared', budget_usd: '0.05' });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => chat(replicas[i % 3]!, secret, i)),
    );
    const statuses = new Map<number, number>();
    for (const result of results) statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    for (const result of results) {
      if (result.status === 200) continue;
      if (result.model === 'openai/broken' && result.status === 502) continue;
      // A reused keep-alive connection the loopback mock closed (its 5 s idle timeout) fails a POST, which is not
      // retried: an upstream failure, released and recorded, not a budget outcome.
      if (upstreamUnreachable(result)) continue;
      expect(result.status, result.text).toBe(402);
      expect(JSON.parse(result.text).error.code).toMatch(/^(key_budget_exceeded|budget_exceeded)$/);
    }
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(402) ?? 0).toBeGreaterThan(0);
    // Replicas answer before their settles reach the database (written behind; until then each still counts at
    // its worst case), so from this process the last ones land a moment after the last answer.
    let snapshot = await stores.budgetStore.snapshot(`key:${id}`);
    for (const deadline = Date.now() + 5_000; snapshot!.reserved > 0n && Date.now() < deadline; ) {
      await new Promise((done) => setTimeout(done, 10));
      snapshot = await stores.budgetStore.snapshot(`key:${id}`);
    }
    expect(snapshot!.spent).toBeLessThanOrEqual(limit);
    expect(snapshot!.reserved).toBe(0n);
    expect(snapshot!.openReservations).toBe(0);
    expect(await openReservations()).toBe(0);
    expect(results.filter(upstreamUnreachable).length).toBeLessThan(30);
    console.info(
      `[replicas] 300 requests: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; spent ${snapshot!.spent} of ${limit} pico-USD`,
    );
  }, 120_000);

  it('refuses a revoked or expired key on every replica, and the admin API without or with a wrong key', async () => {
    const revoked = await createKey({ name: 'to-revoke' });
    expect((await chat(replicas[1]!, revoked.secret, 1)).status).toBe(200);
    expect((await admin(replicas[2]!, 'POST', `/admin/keys/${revoked.id}/revoke`)).status).toBe(200);
    const expiring = await createKey({
      name: 'expiring',
      expires_at: new Date(Date.now() + 1000).toISOString(),
    });
    await new Promise((done) => setTimeout(done, 1200));
    for (const replica of replicas) {
      const refused = await chat(replica, revoked.secret, 3);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text).error.code).toBe('key_revoked');
      const expired = await chat(replica, expiring.secret, 3);
      expect(expired.status).toBe(401);
      expect(JSON.parse(expired.text).error.code).toBe('key_expired');
      expect((await admin(replica, 'GET', '/admin/keys', undefined, '')).status).toBe(401);
      expect((await admin(replica, 'GET', '/admin/keys', undefined, `${ADMIN_KEY}x`)).status).toBe(401);
      const listing = await admin(replica, 'GET', '/admin/keys?include_revoked=true');
      expect(listing.status).toBe(200);
      for (const secret of secrets) expect(listing.text).not.toContain(secret);
    }
  }, 60_000);

  it('holds the budget when a replica is killed mid-run; its reservations are settled at lease expiry', async () => {
    const limit = 50_000_000_000n;
    const { id, secret } = await createKey({ name: 'survivor', budget_usd: '0.05' });
    const victim = replicas[2]!;
    const run = Promise.all(Array.from({ length: 300 }, (_, i) => chat(replicas[i % 3]!, secret, i)));
    // Kill once the victim holds reservations (its requests are waiting on the upstream's latency).
    const deadline = Date.now() + 10_000;
    while ((await openReservations()) < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    victim.child.kill('SIGKILL');
    const results = await run;
    for (const result of results) {
      if (result.status === 200 || result.status === 0) continue;
      if (result.model === 'openai/broken' && result.status === 502) continue;
      if (upstreamUnreachable(result)) continue;
      expect(result.status, result.text).toBe(402);
    }
    const during = await stores.budgetStore.snapshot(`key:${id}`);
    expect(during!.spent + during!.reserved).toBeLessThanOrEqual(limit);
    await new Promise((done) => setTimeout(done, LEASE_MS + 200));
    const swept = await stores.budgetStore.expireLeases();
    const after = await stores.budgetStore.snapshot(`key:${id}`);
    expect(after!.spent).toBeLessThanOrEqual(limit);
    expect(after!.reserved).toBe(0n);
    expect(await openReservations()).toBe(0);
    // How many reservations the victim held at the kill is up to timing (its requests may all have been refused
    // by then); every one it held has ended (none open, above). Lease expiry itself — settled at the reserved
    // worst case, marked `expired` — is proved deterministically by store-postgres's lease tests.
    const expired = await reservationsIn('expired');
    console.info(
      `[replicas] kill -9 run: ${results.filter((r) => r.status === 0).length} requests lost with the replica, ${expired} reservations settled at lease expiry (${swept} by the final sweep); spent ${after!.spent} of ${limit}`,
    );
    replicas = replicas.slice(0, 2);
    await Promise.all(replicas.map(stopReplica));
    // No secret in any replica's output (the killed one included) nor in any ledger record.
    for (const replica of [...replicas, victim]) {
      for (const secret of secrets) expect(replica.output()).not.toContain(secret);
    }
    const rows = (await sql.unsafe(
      `select record::text as r from "${schema}".ledger_records`,
    )) as unknown as Array<{ r: string }>;
    expect(rows.length).toBeGreaterThan(0);
    const ledgerText = rows.map((row) => row.r).join('\n');
    for (const secret of secrets) expect(ledgerText).not.toContain(secret);
    expect(ledgerText).toContain(id);
  }, 120_000);
});
