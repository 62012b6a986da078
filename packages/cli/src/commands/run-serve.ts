import { InvalidArgumentError } from '@tokenwise/spec';
import { parseIntegerFlag } from '../args/parse-flags.js';
import type { CliDeps } from '../cli-deps.js';
import { CliFailure } from '../cli-failure.js';
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
  const bindPort = port ?? config.proxyPort;
  let server: Awaited<ReturnType<CliDeps['startServer']>>;
  try {
    server = await deps.startServer({ host, port: bindPort, config });
  } catch (error) {
    throw bindFailure(error, host, bindPort) ?? error;
  }
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

/** A port in use or not allowed, in one line naming it and what to do; `undefined` for other errors. */
function bindFailure(error: unknown, host: string, port: number): CliFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new CliFailure(
      `port ${port} on ${host} is already in use; stop the other server or choose another port with --port (or TOKENWISE_PROXY_PORT; 0 picks a free one).`,
      { type: 'port_in_use', cause: error },
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new CliFailure(
      `not allowed to listen on ${host}:${port} (ports below 1024 need privileges); choose a port above 1023 with --port.`,
      { type: 'port_not_allowed', cause: error },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new CliFailure(
      `cannot listen on ${host}: this machine has no such address; use --host 127.0.0.1 (or TOKENWISE_PROXY_HOST).`,
      { type: 'bad_address', cause: error },
    );
  }
  return undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
