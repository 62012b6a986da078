import { defaultPaths, readConfigFile } from '@tokenwise/core/node';
import { TokenwiseError } from '@tokenwise/spec';
import { composeProxy } from './compose.js';
import { readProxyEnv } from './env.js';
import { assertServable, startProxyServer } from './start-proxy-server.js';
import { startTracing } from './start-tracing.js';
import { VERSION } from './version.js';

// The deployable proxy: read the settings, compose, serve, and drain on SIGTERM/SIGINT.
async function main(): Promise<void> {
  const configPath = defaultPaths().configFile;
  const configText = await readConfigFile(configPath);
  const env = readProxyEnv(
    process.env,
    configText === undefined ? {} : { text: configText, path: configPath },
  );
  // Virtual keys (a database, or an admin key without static keys) authenticate every request too.
  const authenticated = env.keys.length > 0 || env.databaseUrl !== undefined || env.adminKey !== undefined;
  assertServable(env.host, authenticated);
  for (const warning of env.warnings) console.warn(warning);
  const tracing = startTracing(process.env, { name: 'tokenwise-proxy', version: VERSION });
  const composed = await composeProxy(env);
  const server = await startProxyServer({
    app: composed.app,
    host: env.host,
    port: env.port,
    authenticated,
    onDrained: async () => {
      await composed.close();
      await tracing?.shutdown();
    },
  });
  console.log(`TokenWise proxy listening on ${server.url} (${composed.describe()})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining in-flight requests…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // One clear line: TokenWise errors already say what to do, and nothing here may print a key or a stack.
  const message = TokenwiseError.isInstance(error) || error instanceof Error ? error.message : String(error);
  console.error(`tokenwise-proxy: ${message}`);
  process.exit(1);
});
