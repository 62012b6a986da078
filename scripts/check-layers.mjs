// Fails when a package depends (in package.json or in a non-test source import) against the direction
// decided in docs/architecture.md. Apps are composition roots and may import anything.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const allowed = {
  spec: [],
  'provider-utils': ['spec'],
  'providers-openai': ['spec', 'provider-utils'],
  'providers-anthropic': ['spec', 'provider-utils'],
  'providers-google': ['spec', 'provider-utils'],
  'providers-openrouter': ['spec', 'provider-utils', 'providers-openai/internal'],
  core: ['spec'],
  ledger: ['spec'],
  'store-postgres': ['spec'],
  planner: ['spec', 'core'],
  proxy: ['spec', 'core', 'planner', 'ledger'],
  cli: ['spec', 'core', 'planner', 'ledger', 'proxy'],
  testkit: ['spec', 'provider-utils'],
};
// Runtime-neutral packages: no Node built-ins, no process.env (they must run on edge runtimes too).
const noNode = [
  'spec',
  'provider-utils',
  'providers-openai',
  'providers-anthropic',
  'providers-google',
  'providers-openrouter',
  'proxy',
];

const problems = [];
const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__fixtures__' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test(-d)?\.ts$/.test(name) ? [path] : [];
  });
}

for (const folder of readdirSync(join(root, 'packages'))) {
  const rules = allowed[folder];
  const pkgPath = join(root, 'packages', folder, 'package.json');
  if (!rules) {
    problems.push(`packages/${folder}: not in the layer table of scripts/check-layers.mjs`);
    continue;
  }
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const deps = { ...pkg.dependencies, ...pkg.peerDependencies };
  const ok = (spec) =>
    rules.some((r) => spec === r || spec.startsWith(`${r}/`) || (r.includes('/') && spec === r));
  for (const dep of Object.keys(deps)) {
    if (!dep.startsWith('@tokenwise/')) continue;
    const name = dep.slice('@tokenwise/'.length);
    if (!rules.some((r) => r.split('/')[0] === name))
      problems.push(`packages/${folder}/package.json depends on ${dep}`);
  }
  for (const file of sourceFiles(join(root, 'packages', folder, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = match[1];
      const rel = file.slice(root.length);
      if (spec.startsWith('@tokenwise/')) {
        const target = spec.slice('@tokenwise/'.length);
        if (!ok(target)) problems.push(`${rel} imports ${spec}`);
      } else if (
        noNode.includes(folder) &&
        (spec.startsWith('node:') || ['fs', 'path', 'os', 'http'].includes(spec))
      ) {
        problems.push(`${rel} imports ${spec} (runtime-neutral package)`);
      }
    }
    if (noNode.includes(folder) && /\bprocess\.env\b/.test(text) && !['provider-utils'].includes(folder)) {
      // Only provider-utils reads the environment (lazy API keys and base URLs, guarded for edge runtimes).
      problems.push(`${file.slice(root.length)} reads process.env (only provider-utils may)`);
    }
  }
}

if (problems.length) {
  console.error(`Layer check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Layer check passed.');
