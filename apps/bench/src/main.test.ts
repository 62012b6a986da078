import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createOpenAIMockUpstream,
  type ListeningUpstream,
  type MockCall,
  openaiText,
} from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RIGHT_ANSWERS } from './__fixtures__/reference-answers.js';
import { BUILTIN_TASKS } from './tasks/builtin-tasks.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const KEY = 'sk-test-bin-0123456789abcdef';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

// The real bin from sources (tsx), against a mock upstream on loopback: arguments, composition, exit codes.
function runBin(args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@tokenwise/source', '--import', 'tsx', MAIN, ...args],
      {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function rightAnswer(call: MockCall) {
  const body = call.bodyJson as { messages: { role: string; content: string | { text: string }[] }[] };
  const content = body.messages.find((message) => message.role === 'user')!.content;
  const prompt = typeof content === 'string' ? content : content.map((part) => part.text).join('');
  const task = BUILTIN_TASKS.find((candidate) => candidate.prompt === prompt)!;
  return openaiText(RIGHT_ANSWERS[task.id]!, { usage: { inputTokens: 30, outputTokens: 60 } });
}

describe('tokenwise-bench (bin)', () => {
  let dir: string;
  let server: ListeningUpstream;
  let env: Record<string, string>;
  const upstream = createOpenAIMockUpstream().setDefault(rightAnswer);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenwise-bench-bin-'));
    server = await upstream.listen();
    env = {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: `${server.url}/v1`,
      // the catalog refresh on an unknown model id goes to the loopback mock (which has no catalog: a miss)
      OPENROUTER_BASE_URL: `${server.url}/api/v1`,
      TOKENWISE_LEDGER_PATH: join(dir, 'ledger.jsonl'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      XDG_CONFIG_HOME: join(dir, 'config'),
    };
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs pareto over loopback and prints JSON; exit 0', async () => {
    const chart = join(dir, 'chart.svg');
    const outcome = await runBin(
      ['pareto', '--models', 'openai/gpt-4.1-mini', '--categories', 'simple', '--json', '--chart', chart],
      env,
    );
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout) as { summary: { series: string; successes: number }[] };
    expect(report.summary).toEqual([
      expect.objectContaining({ series: 'openai/gpt-4.1-mini', successes: 4 }),
    ]);
    expect((await readFile(chart, 'utf8')).match(/<circle/g)).toHaveLength(1);
    expect(upstream.calls.length).toBeGreaterThanOrEqual(4);
    expect(outcome.stderr).not.toContain(KEY);
  });

  it('names itself in help: `tokenwise-bench pareto --help`', async () => {
    const help = await runBin(['pareto', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('USAGE tokenwise-bench pareto [OPTIONS]');
    expect(help.stdout).toContain('--budget-per-task');
  });

  it('exits 2 with one line on stderr for bad arguments and for a model without a price under the budget', async () => {
    const [bad, unknown] = await Promise.all([
      runBin(['pareto', '--models', 'openai/gpt-4.1-mini', '--budget-per-task', 'lots'], env),
      runBin(['pareto', '--models', 'nobody/nothing', '--dry-run'], env),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'tokenwise-bench: --budget-per-task must be a positive USD amount like 0.03 (got "lots").\n',
    );
    expect(unknown.code).toBe(2);
    // the failed catalog refresh warns first (the mock has no catalog), then the one line that says what to do
    expect(unknown.stderr).toMatch(/^tokenwise-bench: The model "nobody\/nothing" has no known price/m);
    expect(unknown.stderr).toContain('model_overrides');
  });
});
