// `node --conditions=@tokenwise/source --import tsx bench/profile-proxy.ts [seconds] [target]`: writes a CPU
// profile of the server process (relay + proxy) under autocannon load to bench/profiles/. For finding hot spots.
import { fork } from 'node:child_process';
import autocannon from 'autocannon';

const seconds = Number(process.argv[2] ?? 8);
const target = process.argv[3] ?? 'proxy';
const execArgv = ['--conditions=@tokenwise/source', '--import', 'tsx'];
const body = JSON.stringify({
  model: 'openai/gpt-4.1-mini',
  messages: [{ role: 'user', content: 'Say hello in one short sentence.' }],
  max_tokens: 50,
});

const upstream = fork(new URL('./mock-upstream.ts', import.meta.url), [], { execArgv });
const { port } = await new Promise<{ port: number }>((resolve) =>
  upstream.once('message', (m) => resolve(m as { port: number })),
);
const servers = fork(new URL('./bench-servers.ts', import.meta.url), [`http://127.0.0.1:${port}`], {
  execArgv: [...execArgv, '--cpu-prof', `--cpu-prof-dir=${new URL('./profiles', import.meta.url).pathname}`],
});
const info = await new Promise<{ relayPort: number; proxyPort: number }>((resolve) =>
  servers.once('message', (m) => resolve(m as { relayPort: number; proxyPort: number })),
);
const url = `http://127.0.0.1:${target === 'relay' ? info.relayPort : info.proxyPort}/v1/chat/completions`;
const result = await autocannon({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  connections: 10,
  duration: seconds,
});
console.log(`${target}: ${result.requests.average} req/s, ${result.non2xx} non-2xx`);
servers.send({ type: 'exit' });
await new Promise((resolve) => servers.once('exit', resolve));
upstream.kill();
