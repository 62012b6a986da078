// publint and are-the-types-wrong on every published package (run after `pnpm build`).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name)),
);
let failed = 0;
for (const dir of dirs) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (pkg.private) continue;
  const checks = [[bin('publint'), ['--strict', dir]]];
  if (pkg.exports)
    checks.push([bin('attw'), ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped']]);
  for (const [cmd, args] of checks) {
    try {
      execFileSync(cmd, args, { stdio: 'pipe', encoding: 'utf8' });
      console.log(`ok   ${pkg.name}: ${cmd.split('/').pop()}`);
    } catch (error) {
      failed++;
      console.error(`FAIL ${pkg.name}: ${cmd.split('/').pop()}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
if (failed) process.exit(1);
