import { InvalidArgumentError } from '@tokenwise/spec';
import { parseIntegerFlag } from '../args/parse-flags.js';
import type { CliDeps } from '../cli-deps.js';
import { writeJson } from '../output/write-json.js';
import type { CommandArgs } from './define-lazy-command.js';

/** Body of `tokenwise serve`: serves until the CLI's signal aborts (Ctrl-C), then drains and returns. */
export async function runServe(deps: CliDeps, args: CommandArgs): Promise<void> {
  const { io } = deps;
  const port = parseIntegerFlag(args.port, '--port', { min: 0, max: 65_535 });
  const hostFlag = typeof args.host === 'string' ? args.host.trim() : undefined;
  if (hostFlag === '') {
    throw new InvalidArgumentError({
      argument: '--host',
      message: '--host must be an address like 127.0.0.1.',
    });
  }
  const config = await deps.loadConfig();
  for (const warning of config.warnings) io.stderr(`warning: ${warning}\n`);
  const host = hostFlag ?? config.proxyHost;
  // Same rule as apps/proxy: beyond loopback, anyone who can reach the port would spend the provider keys.
  if (config.proxyKeys.length === 0 && !isLoopback(host)) {
    throw new InvalidArgumentError({
      argument: 'TOKENWISE_PROXY_KEYS',
      message: `Refusing to serve on ${host} without inbound keys: set TOKENWISE_PROXY_KEYS or bind to 127.0.0.1.`,
    });
  }
  const server = await deps.startServer({ host, port: port ?? config.proxyPort, config });
  if (args.json === true) {
    writeJson(io, { url: server.url, endpoint: `${server.url}/v1/chat/completions` });
  } else {
    io.stdout(`TokenWise proxy listening on ${server.url}\n`);
    io.stdout('OpenAI-compatible endpoint: POST /v1/chat/completions\n');
    if (server.describe) io.stderr(`${server.describe()}\n`);
  }
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr('Stopping: draining in-flight requests…\n');
  await server.close();
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
