import { readFileSync } from 'node:fs';
import { defaultPaths, readConfigFile } from '@tokenwise/core/node';
import { InvalidArgumentError, ModelNotPricedError, TokenwiseError } from '@tokenwise/spec';
import { runCommand, runMain } from 'citty';
import { composeBenchDeps } from './compose-bench-deps.js';
import { createBenchCommand } from './create-bench-command.js';

// The `tokenwise-bench` bin: compose from the environment, run the command, map errors to exit codes
// (2: bad arguments, 1: anything else) with one line on stderr and never a stack or a key.
async function main(): Promise<void> {
  const rawArgs = process.argv.slice(2);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('Interrupted')));
  const configPath = defaultPaths().configFile;
  const configText = await readConfigFile(configPath);
  const deps = composeBenchDeps({
    io: {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      stderrIsTTY: process.stderr.isTTY === true,
      signal: controller.signal,
    },
    ...(configText === undefined ? {} : { configFile: { text: configText, path: configPath } }),
  });
  const command = createBenchCommand(deps, { version: readVersion(), name: 'tokenwise-bench' });
  if (
    rawArgs.length === 0 ||
    rawArgs.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')
  ) {
    await runMain(command, { rawArgs });
    return;
  }
  await runCommand(command, { rawArgs });
}

function readVersion(): string {
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

// exitCode rather than exit(): piped stdout (a large --json document) must drain before the process ends
main().catch((error: unknown) => {
  const message = TokenwiseError.isInstance(error) || error instanceof Error ? error.message : String(error);
  process.stderr.write(`tokenwise-bench: ${message}\n`);
  const usage =
    InvalidArgumentError.isInstance(error) ||
    ModelNotPricedError.isInstance(error) ||
    (error instanceof Error && error.name === 'CLIError');
  process.exitCode = usage ? 2 : 1;
});
