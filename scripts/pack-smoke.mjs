// Packs published packages with pnpm (workspace: ranges become versions), installs the tarballs into an
// empty folder with npm and runs a tiny program against them: the "install only the core package" and
// "install a single provider adapter" uses of the design card.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Each scenario: the packages to pack and install, and a program that must print `ok`. */
const scenarios = [
  {
    name: 'core only',
    packages: ['spec', 'core'],
    program: `
      import * as core from '@tokenwise/core';
      import * as spec from '@tokenwise/spec';
      if (typeof spec.usd !== 'function') throw new Error('spec exports missing');
      const smoke = core.smokeCheck ?? (() => 'ok');
      console.log(await smoke());
    `,
  },
  {
    name: 'one provider adapter',
    packages: ['spec', 'provider-utils', 'providers-openai'],
    program: `
      import * as openai from '@tokenwise/providers-openai';
      const smoke = openai.smokeCheck ?? (() => 'ok');
      console.log(await smoke());
    `,
  },
];

const work = mkdtempSync(join(tmpdir(), 'tokenwise-pack-'));
try {
  const tarballs = new Map();
  const pack = (name) => {
    if (tarballs.has(name)) return tarballs.get(name);
    const dir = join(root, 'packages', name);
    const out = join(work, 'tarballs');
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'pipe' });
    const file = readdirSync(out).find((f) => f.startsWith(`tokenwise-${name}-`));
    tarballs.set(name, join(out, file));
    return join(out, file);
  };
  for (const scenario of scenarios) {
    const app = join(work, scenario.name.replaceAll(' ', '-'));
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'smoke', private: true, type: 'module' }),
    );
    const files = scenario.packages.map(pack);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
      cwd: app,
      stdio: 'pipe',
    });
    writeFileSync(join(app, 'main.mjs'), scenario.program);
    const output = execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }).trim();
    if (!output.endsWith('ok')) throw new Error(`${scenario.name}: expected ok, got ${output}`);
    console.log(`ok   pack smoke: ${scenario.name} (${scenario.packages.join(', ')})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
