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
      import { createModelRegistry, createRouter } from '@tokenwise/core';
      import { defaultPaths } from '@tokenwise/core/node';
      import { formatUsd, usd } from '@tokenwise/spec';
      // Route offline with the bundled catalog, exactly as a user who installed only core would.
      const router = createRouter({ models: createModelRegistry() });
      const decision = router.route('Debug this segfault', { strategy: 'best_quality', budget: usd('0.05') });
      if (!decision.model.id || decision.estimatedCost > usd('0.05')) throw new Error('bad decision');
      if (typeof defaultPaths !== 'function' && typeof defaultPaths !== 'object') throw new Error('core/node missing');
      console.error('routed to', decision.model.id, formatUsd(decision.estimatedCost));
      console.log('ok');
    `,
  },
  {
    name: 'one provider adapter',
    packages: ['spec', 'provider-utils', 'providers-openai'],
    program: `
      import { createOpenAI } from '@tokenwise/providers-openai';
      // One doGenerate through a fake fetch answering a documented Chat Completions body: no network needed.
      const provider = createOpenAI({
        apiKey: 'sk-smoke-check',
        fetch: async () =>
          Response.json({
            id: 'chatcmpl-smoke',
            object: 'chat.completion',
            created: 0,
            model: 'gpt-4.1-mini',
            choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
          }),
      });
      const result = await provider('gpt-4.1-mini').doGenerate({
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      });
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      if (text !== 'Hello!' || result.usage.totalTokens !== 8) throw new Error('unexpected answer');
      console.log('ok');
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
