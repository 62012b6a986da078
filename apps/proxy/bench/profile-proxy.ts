// `node --conditions=@tokenwise/source --import tsx bench/profile-proxy.ts [seconds] [target] [connections]`:
// writes a CPU profile of the server process under autocannon load to bench/profiles/. For finding hot spots.
// Targets: `proxy` and `relay` (bench-servers.ts), or one of keys-servers.ts's: `no key`, `memory key`,
// `postgres key` (needs PostgreSQL at TOKENWISE_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { fork } from 'node:child_process';
import autocannon from 'autocannon';

const seconds = Number(process.argv[2] ?? 8);
const target = process.argv[3] ?? 'proxy';
const connections = Number(process.argv[4] ?? 10);
const execArgv = ['--conditions=@tokenwise/source', '--import', 'tsx'];
const profileArgv = ['--cpu-prof', `--cpu-prof-dir=${new URL('./profiles', import.meta.url).pathname}`];
const body = JSON.stringify({
  model: 'openai/gpt-4.1-mini',
  messages: [{ role: 'user', content: 'Say hello in one short sentence.' }],
  max_tokens: 50,
});

const upstream = fork(new URL('./mock-upstream.ts', import.meta.url), [], { execArgv });
const { port } = await new Promise<{ port: number }>((resolve) =>
  upstream.once('message', (m) => resolve(m as { port: number })),
);
const keyed = target.endsWith(' key');
const databaseUrl = process.env.TOKENWISE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const servers = fork(
  new URL(keyed ? './keys-servers.ts' : './bench-servers.ts', import.meta.url),
  keyed ? [`http://127.0.0.1:${port}`, databaseUrl] : [`http://127.0.0.1:${port}`],
  { execArgv: [...execArgv, ...profileArgv] },
);
const info = await new Promise<{
  relayPort: number;
  proxyPort: number;
  ports?: Record<string, number>;
  secrets?: Record<string, string>;
}>((resolve) => servers.once('message', (m) => resolve(m as never)));
const serverPort = keyed ? info.ports![target] : target === 'relay' ? info.relayPort : info.proxyPort;
const secret = info.secrets?.[target];
const result = await autocannon({
  url: `http://127.0.0.1:${serverPort}/v1/chat/completions`,
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }),
  },
  body,
  connections,
  duration: seconds,
});
console.log(
  `${target}: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, ${result.non2xx} non-2xx`,
);
servers.send({ type: 'exit' });
await new Promise((resolve) => servers.once('exit', resolve));
upstream.kill();
