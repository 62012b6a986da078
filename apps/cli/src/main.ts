import { runCli, shouldUseColor } from '@tokenwise/cli';
import { createAppDeps } from './create-app-deps.js';
import { takeUrgentStop } from './proxy/urgent-stop.js';
import { VERSION } from './version.js';

// The `tokenwise` binary: wire the process (env, terminal, Ctrl-C) to the command tree and exit with its code.
const controller = new AbortController();
let interrupts = 0;
const onInterrupt = () => {
  interrupts++;
  // First Ctrl-C: cancel cleanly (a running plan stops, saves its record and reports). Second: leave now.
  if (interrupts === 1) controller.abort(new DOMException('Cancelled with Ctrl-C', 'AbortError'));
  else {
    // A draining `serve` stops now but still settles every reservation and flushes the ledger first.
    const urgent = takeUrgentStop();
    if (urgent === undefined) process.exit(130);
    else void urgent().finally(() => process.exit(0));
  }
};
process.on('SIGINT', onInterrupt);
process.on('SIGTERM', onInterrupt);
// `tokenwise models | head` closes the pipe early: that is the reader's choice, not a failure worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const env = process.env;
const debug = /(^|,)\s*tokenwise\b/.test(env.DEBUG ?? '');
const deps = createAppDeps({
  env,
  version: VERSION,
  io: {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    color: shouldUseColor(env, process.stdout.isTTY === true),
    debug,
    signal: controller.signal,
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  },
});

process.exitCode = await runCli(deps, process.argv.slice(2));
process.off('SIGINT', onInterrupt);
process.off('SIGTERM', onInterrupt);
// Leave once the output is flushed: an abandoned catalog refresh can leave a DNS lookup behind (getaddrinfo cannot
// be cancelled), which would otherwise keep an offline `route` alive for seconds after it answered.
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write('', done))),
);
process.exit();
