// The keys and metrics section of `pnpm bench:proxy`: the composed proxy (`composeProxyServer`, as `main.ts`
// runs it) with a virtual key on PostgreSQL vs. on the embedded stores vs. no key, and with Prometheus metrics on
// (the default) vs. off, against the bare relay on the same pooled upstream client. Prints added p50 over the relay
// and throughput ratios at 1 and 20 connections, server CPU per request, and the database round trips a request
// costs (every statement the PostgreSQL stores send, counted at the driver). Interleaved like the rest of the
// bench: every target gets a short slice in turn, so the shared machine's load hits all of them alike.
import { Agent } from 'node:http';
import { ask, load, median, percentile, sequential, start } from './bench-tools.js';
import type { DatabaseFloor } from './keys-servers.js';

/** What the section needs from the main bench. */
export interface KeysAndMetricsOptions {
  upstreamUrl: string;
  /** The bare relay on the proxy's own upstream client (undici), the floor every target is compared to. */
  relayUrl: string;
  body: string;
  secondsPerPoint: number;
  slices: number;
  sequentialRequests: number;
  /** PostgreSQL for the `postgres key` target (`TOKENWISE_DATABASE_URL`, default the local test server). */
  databaseUrl: string;
}

const TARGETS = ['bare relay', 'no key', 'no key, metrics off', 'memory key', 'postgres key'] as const;
type Target = (typeof TARGETS)[number];
const CONNECTIONS = [1, 20];

const ms = (value: number) => `${value.toFixed(3)} ms`;
const signedMs = (value: number) => `${value < 0 ? '' : '+'}${ms(value)}`;

/** Runs the section and prints its figures. */
export async function runKeysAndMetrics(options: KeysAndMetricsOptions): Promise<void> {
  const { body } = options;
  const servers = await start<{ ports: Record<string, number>; secrets: Record<string, string> }>(
    './keys-servers.ts',
    [options.upstreamUrl, options.databaseUrl],
  );
  try {
    const { ports, secrets } = servers.info;
    const url = (target: Target) =>
      target === 'bare relay' ? options.relayUrl : `http://127.0.0.1:${ports[target]}/v1/chat/completions`;
    const headers = (target: Target): Record<string, string> =>
      secrets[target] === undefined ? {} : { authorization: `Bearer ${secrets[target]}` };
    const cpu = async () => (await ask<{ cpuMicros: number }>(servers.child, 'cpu')).cpuMicros;
    const queries = async () =>
      ask<{ ledger: number; other: number; byStatement: [string, number][] }>(servers.child, 'queries');

    // 1 connection, exact per-request timing: rounds in rotating order; CPU of the keys process per request.
    const agents = Object.fromEntries(TARGETS.map((t) => [t, new Agent({ keepAlive: true, maxSockets: 1 })]));
    for (const target of TARGETS)
      await sequential(agents[target]!, new URL(url(target)), 300, [], body, headers(target));
    const statementsAtStart = new Map((await queries()).byStatement);
    const reserveWaits = async () => (await ask<{ waits: number[] }>(servers.child, 'reserveWaits')).waits;
    await reserveWaits(); // the warm-up's are dropped
    const rounds = 20;
    const perRound = Math.max(1, Math.floor(options.sequentialRequests / rounds));
    const samples = Object.fromEntries(TARGETS.map((t) => [t, [] as number[]])) as Record<Target, number[]>;
    const cpuMicros = Object.fromEntries(TARGETS.map((t) => [t, 0])) as Record<Target, number>;
    const roundDiffs = Object.fromEntries(TARGETS.map((t) => [t, [] as number[]])) as Record<
      Target,
      number[]
    >;
    const metricsDiffs: number[] = [];
    const sequentialQueries = { ledger: 0, other: 0 };
    for (let round = 0; round < rounds; round++) {
      const roundSamples = Object.fromEntries(TARGETS.map((t) => [t, [] as number[]])) as Record<
        Target,
        number[]
      >;
      for (let i = 0; i < TARGETS.length; i++) {
        // Rotating, and reversed every other round, so no target always follows the same neighbour.
        const position = round % 2 === 0 ? round + i : round + TARGETS.length - 1 - i;
        const target = TARGETS[position % TARGETS.length]!;
        const before = await cpu();
        const queriesBefore = target === 'postgres key' ? await queries() : undefined;
        await sequential(
          agents[target]!,
          new URL(url(target)),
          perRound,
          roundSamples[target],
          body,
          headers(target),
        );
        if (queriesBefore !== undefined) {
          const after = await queries();
          sequentialQueries.ledger += after.ledger - queriesBefore.ledger;
          sequentialQueries.other += after.other - queriesBefore.other;
        }
        cpuMicros[target] += (await cpu()) - before;
        samples[target].push(...roundSamples[target]);
      }
      for (const target of TARGETS) {
        roundDiffs[target].push(median(roundSamples[target]) - median(roundSamples['bare relay']));
      }
      metricsDiffs.push(median(roundSamples['no key']) - median(roundSamples['no key, metrics off']));
    }
    for (const agent of Object.values(agents)) agent.destroy();
    const sequentialTotal = perRound * rounds;
    const statementsAfter = await queries();
    const sequentialReserveWaits = await reserveWaits();
    const { floor } = await ask<{ floor: DatabaseFloor }>(servers.child, 'floor');

    // Throughput: autocannon slices in turn, at 1 and 20 connections; database statements per request.
    const throughput: Record<number, Record<Target, { rps: number; p50: number; p99: number }>> = {};
    const loadQueries: Record<number, { ledger: number; other: number; requests: number }> = {};
    for (const connections of CONNECTIONS) {
      const totals = Object.fromEntries(TARGETS.map((t) => [t, 0])) as Record<Target, number>;
      const last = {} as Record<Target, { p50: number; p99: number }>;
      const counted = { ledger: 0, other: 0, requests: 0 };
      for (let slice = 0; slice < options.slices; slice++) {
        for (const target of TARGETS) {
          const queriesBefore = target === 'postgres key' ? await queries() : undefined;
          const result = await load(
            url(target),
            connections,
            options.secondsPerPoint / options.slices,
            body,
            headers(target),
          );
          if (queriesBefore !== undefined) {
            const after = await queries();
            counted.ledger += after.ledger - queriesBefore.ledger;
            counted.other += after.other - queriesBefore.other;
            counted.requests += result.total;
          }
          totals[target] += result.total;
          last[target] = result;
        }
      }
      loadQueries[connections] = counted;
      throughput[connections] = Object.fromEntries(
        TARGETS.map((t) => [
          t,
          { rps: totals[t] / options.secondsPerPoint, p50: last[t].p50, p99: last[t].p99 },
        ]),
      ) as Record<Target, { rps: number; p50: number; p99: number }>;
    }

    console.log(
      '\nVirtual keys and metrics (the proxy as main.ts composes it; relay = bare relay on the same undici client):',
    );
    console.log(
      `  1 connection, ${sequentialTotal} sequential requests per target in ${rounds} rotating rounds (hrtime):`,
    );
    console.log(
      '    target                p50        p99        added p50 over relay (all / per-round median)  server CPU/request',
    );
    const relayP50 = median(samples['bare relay']);
    for (const target of TARGETS) {
      const sorted = [...samples[target]].sort((a, b) => a - b);
      const p50 = percentile(sorted, 0.5);
      const sortedDiffs = [...roundDiffs[target]].sort((a, b) => a - b);
      const added =
        target === 'bare relay'
          ? ''
          : `${signedMs(p50 - relayP50)} / ${signedMs(percentile(sortedDiffs, 0.5))}`;
      const cpuText =
        target === 'bare relay'
          ? '(other process)'
          : `${(cpuMicros[target] / sequentialTotal).toFixed(0)} µs`;
      console.log(
        `    ${target.padEnd(20)}  ${ms(p50).padStart(9)}  ${ms(percentile(sorted, 0.99)).padStart(9)}  ${added.padEnd(46)} ${cpuText}`,
      );
    }
    const perRequest = (n: number, requests: number) => (requests === 0 ? 'n/a' : (n / requests).toFixed(2));
    console.log(
      `    database round trips per request (postgres key): ${perRequest(sequentialQueries.other + sequentialQueries.ledger, sequentialTotal)}` +
        ` = ${perRequest(sequentialQueries.other, sequentialTotal)} key/budget statements + ${perRequest(sequentialQueries.ledger, sequentialTotal)} ledger writes (batched)` +
        ` (target: added p50 with the database ≤ 1 ms)`,
    );
    const statementCounts = statementsAfter.byStatement
      .map(([head, count]) => [head, count - (statementsAtStart.get(head) ?? 0)] as const)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1]);
    // Settles are written behind the answer (store-postgres), and the ledger batch after it: what a request waits
    // for is the rest.
    const behind = statementCounts
      .filter(([head]) => /^select \* from tw_(finish|settle_many)/.test(head))
      .reduce((sum, [, count]) => sum + count, 0);
    console.log(
      `    of which on the request's path: ${perRequest(sequentialQueries.other - behind, sequentialTotal)}` +
        ` (the settles, ${perRequest(behind, sequentialTotal)}, are written behind the answers in batches; the ledger batch after them)`,
    );
    const memoryAdded = median(samples['memory key']) - relayP50;
    console.log(
      `    postgres key over memory key: ${signedMs(median(samples['postgres key']) - median(samples['memory key']))} p50;` +
        ` the proxy waits ${ms(median(sequentialReserveWaits))} p50 for each reservation (${sequentialReserveWaits.length} timed)`,
    );
    const pair = (figure: { busy: number; paused: number }) => `${ms(figure.busy)} / ${ms(figure.paused)}`;
    console.log(
      `    database from the proxy's process without HTTP, p50 back to back / after a 2 ms pause (idle processes wake):` +
        ` round trip ${pair(floor.roundTrip)}, one-row durable commit ${pair(floor.durableCommit)},` +
        ` the store's reserve ${pair(floor.reserve)}`,
    );
    console.log(
      `    so on this machine, with the memory key's ${signedMs(memoryAdded)}, a reservation that survives a database crash adds at least` +
        ` ${signedMs(memoryAdded + floor.durableCommit.busy)} back to back, ${signedMs(memoryAdded + floor.durableCommit.paused)} at this pace`,
    );
    console.log(`    statements per request (sequential phase), by their first words:`);
    for (const [head, count] of statementCounts) {
      console.log(`      ${(count / sequentialTotal).toFixed(2)}  ${head}`);
    }
    console.log('  autocannon, interleaved slices (req/s, p50/p99 in whole ms of the last slice):');
    console.log(
      '    conns  target                 req/s   p50/p99   vs relay  vs no key  DB round trips/request',
    );
    for (const connections of CONNECTIONS) {
      const rows = throughput[connections]!;
      const counted = loadQueries[connections]!;
      for (const target of TARGETS) {
        const row = rows[target];
        const trips =
          target === 'postgres key'
            ? `${perRequest(counted.other + counted.ledger, counted.requests)} (${perRequest(counted.other, counted.requests)} + ${perRequest(counted.ledger, counted.requests)} ledger)`
            : '';
        console.log(
          `    ${String(connections).padStart(5)}  ${target.padEnd(20)}  ${row.rps.toFixed(0).padStart(6)}  ${`${row.p50}/${row.p99}`.padStart(8)}  ${(row.rps / rows['bare relay'].rps).toFixed(2).padStart(8)}  ${(row.rps / rows['no key'].rps).toFixed(2).padStart(9)}  ${trips}`,
        );
      }
    }
    const sortedMetrics = [...metricsDiffs].sort((a, b) => a - b);
    const on = median(samples['no key']);
    const off = median(samples['no key, metrics off']);
    console.log('  Prometheus metrics (on by default in the composed server) vs off, same proxy otherwise:');
    console.log(
      `    1 connection p50: on ${ms(on)}, off ${ms(off)}, added ${signedMs(on - off)} (per-round median ${signedMs(percentile(sortedMetrics, 0.5))}, middle half ${signedMs(percentile(sortedMetrics, 0.25))} … ${signedMs(percentile(sortedMetrics, 0.75))}); ` +
        `CPU ${((cpuMicros['no key'] - cpuMicros['no key, metrics off']) / sequentialTotal).toFixed(1)} µs/request (target ≤ 0.050 ms)`,
    );
    const cost = await ask<{ nanos: number; records: string[] }>(servers.child, 'metricsCost');
    console.log(
      `    metrics work alone (onRecord of one request's records: ${cost.records.join(' + ')}, timed in a loop): ` +
        `${(cost.nanos / 1000).toFixed(1)} µs = ${(cost.nanos / 1e6).toFixed(4)} ms per request (target ≤ 0.050 ms)`,
    );
    for (const connections of CONNECTIONS) {
      const rows = throughput[connections]!;
      console.log(
        `    ${connections} connection${connections === 1 ? '' : 's'}: on ${rows['no key'].rps.toFixed(0)} req/s, off ${rows['no key, metrics off'].rps.toFixed(0)} req/s (on/off ${(rows['no key'].rps / rows['no key, metrics off'].rps).toFixed(3)})`,
      );
    }
  } finally {
    servers.child.send({ type: 'exit' });
    await new Promise((resolve) => servers.child.once('exit', resolve));
  }
}
