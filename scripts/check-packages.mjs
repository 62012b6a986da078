// publint and are-the-types-wrong on every published package (run after `pnpm build`), a few at a time.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const jobs = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (pkg.private) continue;
    jobs.push({ label: `${pkg.name}: publint`, cmd: bin('publint'), args: ['--strict', dir] });
    if (pkg.exports) {
      jobs.push({
        label: `${pkg.name}: attw`,
        cmd: bin('attw'),
        args: ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped'],
      });
    }
  }
}

let failed = 0;
async function worker() {
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    try {
      await run(job.cmd, job.args, { encoding: 'utf8' });
      console.log(`ok   ${job.label}`);
    } catch (error) {
      failed++;
      console.error(`FAIL ${job.label}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
await Promise.all(Array.from({ length: 4 }, worker));
if (failed) process.exit(1);
