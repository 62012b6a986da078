import { TokenwiseError } from '@tokenwise/spec';
import { runProxyServer } from 'tokenwise/proxy-server';
import { VERSION } from './version.js';

// The deployable proxy: the same composition as `tokenwise serve` (settings, defaults, guards, log lines,
// metrics, graceful stop on SIGTERM/SIGINT), run as its own process.
runProxyServer({ env: process.env, version: VERSION }).catch((error: unknown) => {
  // One clear line: TokenWise errors already say what to do, and nothing here may print a key or a stack.
  const message = TokenwiseError.isInstance(error) || error instanceof Error ? error.message : String(error);
  console.error(`tokenwise-proxy: ${message}`);
  process.exit(1);
});
