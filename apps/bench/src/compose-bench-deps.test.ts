import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelNotPricedError } from '@tokenwise/spec';
import {
  createOpenAIMockUpstream,
  createOpenRouterMockUpstream,
  type MockCall,
  openaiText,
} from '@tokenwise/testkit';
import { runCommand } from 'citty';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RIGHT_ANSWERS } from './__fixtures__/reference-answers.js';
import { composeBenchDeps } from './compose-bench-deps.js';
import { createBenchCommand } from './create-bench-command.js';
import { BUILTIN_TASKS } from './tasks/builtin-tasks.js';

const KEY = 'sk-test-compose-0123456789';

function rightAnswer(call: MockCall) {
  const body = call.bodyJson as { messages: { role: string; content: string | { text: string }[] }[] };
  const content = body.messages.find((message) => message.role === 'user')!.content;
  const prompt = typeof content === 'string' ? content : content.map((part) => part.text).join('');
  const task = BUILTIN_TASKS.find((candidate) => candidate.prompt === prompt)!;
  return openaiText(RIGHT_ANSWERS[task.id]!, { usage: { inputTokens: 30, outputTokens: 60 } });
}

describe('composeBenchDeps (the bin composition) end to end', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenwise-bench-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('routes a catalog model to the direct OpenAI provider, writes the CSV and a JSONL ledger without the key', async () => {
    const upstream = createOpenAIMockUpstream().setDefault(rightAnswer);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const deps = composeBenchDeps({
      env: {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: 'https://openai.mock.test/v1',
        TOKENWISE_LEDGER_PATH: join(dir, 'ledger.jsonl'),
        XDG_CACHE_HOME: join(dir, 'cache'),
        XDG_CONFIG_HOME: join(dir, 'config'),
      },
      io: { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text), stderrIsTTY: false },
      fetch: upstream.fetch,
    });
    const csv = join(dir, 'out', 'results.csv');
    await runCommand(createBenchCommand(deps), {
      rawArgs: ['pareto', '--models', 'openai/gpt-4.1-mini', '--categories', 'simple', '--csv', csv],
    });

    expect(upstream.calls).toHaveLength(4);
    for (const call of upstream.calls) {
      expect(call.url).toBe('https://openai.mock.test/v1/chat/completions');
      expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
      expect((call.bodyJson as { model: string }).model).toBe('gpt-4.1-mini');
    }
    const rows = (await readFile(csv, 'utf8')).trimEnd().split('\r\n');
    expect(rows).toHaveLength(5);
    expect(
      rows
        .slice(1)
        .every((row) => row.startsWith('openai/gpt-4.1-mini,model,simple-') && row.includes(',true,')),
    ).toBe(true);
    const ledger = await readFile(join(dir, 'ledger.jsonl'), 'utf8');
    expect(ledger.trimEnd().split('\n')).toHaveLength(4);
    expect(ledger).not.toContain(KEY);
    expect(stdout.join('')).toMatch(/openai\/gpt-4\.1-mini\s+4\/4 \(100%\)/);
    expect(stderr.join('')).not.toContain(KEY);
  });

  it('--refresh loads the live catalog from OpenRouter before checking model ids', async () => {
    const openrouter = createOpenRouterMockUpstream();
    const io = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
    const env = {
      OPENROUTER_BASE_URL: 'https://openrouter.mock.test/api/v1',
      XDG_CACHE_HOME: join(dir, 'cache'),
      XDG_CONFIG_HOME: join(dir, 'config'),
    };
    const run = (...args: string[]) =>
      runCommand(createBenchCommand(composeBenchDeps({ env, io, fetch: openrouter.fetch })), {
        rawArgs: ['pareto', '--models', 'openai/gpt-4.1', '--dry-run', ...args],
      });
    // the bundled snapshot knows openai/gpt-4.1; the live fixture catalog has only two other models
    await run();
    expect(openrouter.calls).toHaveLength(0);
    const error = await run('--refresh').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(ModelNotPricedError.isInstance(error)).toBe(true);
    expect(openrouter.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /api/v1/models']);
  });
});
