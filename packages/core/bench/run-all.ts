/**
 * Runs every `*.bench.ts` file in this folder, one after another. Each bench module exports
 * `run(): Promise<void> | void` and prints its own figures.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();
for (const file of files) {
  console.log(`\n# ${file}`);
  const module = (await import(pathToFileURL(`${dir}${file}`).href)) as { run?: () => unknown };
  if (typeof module.run === 'function') await module.run();
}
