// A bench wired to the test kit's OpenAI mock upstream: four fixture models with scripted behaviour, an
// in-memory ledger, captured output and files. Used by the run and command tests.
import { createMemoryLedgerStore, type MemoryLedgerStore } from '@tokenwise/ledger';
import { createOpenAI } from '@tokenwise/providers-openai';
import type { Capability, ModelInfo, Tier } from '@tokenwise/spec';
import {
  createOpenAIMockUpstream,
  type MockCall,
  type MockReply,
  type MockUpstream,
  malformedJsonReply,
  openaiError,
  openaiText,
} from '@tokenwise/testkit';
import type { BenchDeps } from '../bench-deps.js';
import { BUILTIN_TASKS } from '../tasks/builtin-tasks.js';
import { RIGHT_ANSWERS, WRONG_ANSWERS } from './reference-answers.js';

function model(id: string, tier: Tier, inputPerMillion: number, outputPerMillion: number): ModelInfo {
  const capabilities: Capability[] = ['general', 'code', 'reasoning'];
  return {
    id,
    name: id,
    provider: 'openai',
    pricing: { inputPerMillion, outputPerMillion },
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities,
    tier,
    inputModalities: ['text'],
    supportedParameters: [],
  };
}

/**
 * The fixture catalog. Scripted behaviour by model:
 * - `cheap` (budget): right on simple and coding tasks, wrong on reasoning and hard ones;
 * - `mid` (mid): wrong on hard tasks only;
 * - `top` (flagship): always right;
 * - `flaky` (mid): HTTP 500 every time; `garbled` (mid): malformed JSON every time;
 * - `liar` (mid): right answers, but reports 10 million output tokens (a vendor billing far past max_tokens).
 */
export const FIXTURE_MODELS: readonly ModelInfo[] = [
  model('openai/cheap', 'budget', 0.1, 0.4),
  model('openai/mid', 'mid', 1, 4),
  model('openai/top', 'flagship', 10, 40),
  model('openai/flaky', 'mid', 2, 8),
  model('openai/garbled', 'mid', 2, 8),
  model('openai/liar', 'mid', 3, 12),
];

/** Input tokens every scripted reply reports (below the client's own count, so reservations hold). */
export const REPORTED_INPUT_TOKENS = 20;
/** Output tokens a scripted answer reports, unless max_tokens is lower. */
export const REPORTED_OUTPUT_TOKENS = 100;

const taskByPrompt = new Map(BUILTIN_TASKS.map((task) => [task.prompt, task]));

/** What the scripted upstream answers for one request. */
export function scriptedReply(call: MockCall): MockReply {
  const body = call.bodyJson as {
    model: string;
    max_tokens?: number;
    max_completion_tokens?: number;
    messages: { role: string; content: string | { type: string; text: string }[] }[];
  };
  const user = body.messages.find((message) => message.role === 'user');
  const prompt = typeof user?.content === 'string' ? user.content : (user?.content.map((part) => part.text).join('') ?? '');
  const task = taskByPrompt.get(prompt);
  if (!task) return openaiError(400, `unscripted prompt: ${prompt.slice(0, 40)}`);
  const limit = body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY;
  const usage = { inputTokens: REPORTED_INPUT_TOKENS, outputTokens: Math.min(REPORTED_OUTPUT_TOKENS, limit) };
  const right = openaiText(RIGHT_ANSWERS[task.id]!, { usage, model: body.model });
  const wrong = openaiText(WRONG_ANSWERS[task.id]!, { usage, model: body.model });
  switch (body.model) {
    case 'cheap':
      return task.category === 'simple' || task.category === 'coding' ? right : wrong;
    case 'mid':
      return task.category === 'hard' ? wrong : right;
    case 'top':
      return right;
    case 'flaky':
      return openaiError(500, 'upstream exploded');
    case 'garbled':
      return malformedJsonReply();
    case 'liar':
      return openaiText(RIGHT_ANSWERS[task.id]!, { usage: { inputTokens: 20, outputTokens: 10_000_000 }, model: 'liar' });
    default:
      return openaiError(404, `no model ${body.model}`);
  }
}

/** A bench harness: deps for `createBenchCommand`, plus what the tests inspect. */
export interface BenchHarness {
  deps: BenchDeps;
  upstream: MockUpstream;
  ledger: MemoryLedgerStore;
  stdout: string[];
  stderr: string[];
  files: Map<string, string>;
}

/** Creates a harness; `files` seeds readable files (task files). */
export function createBenchHarness(files: Record<string, string> = {}): BenchHarness {
  const upstream = createOpenAIMockUpstream().setDefault(scriptedReply);
  const provider = createOpenAI({ apiKey: 'sk-test-not-a-real-key', baseURL: 'https://mock.test/v1', fetch: upstream.fetch });
  const ledger = createMemoryLedgerStore();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const stored = new Map(Object.entries(files));
  let clock = 0;
  const deps: BenchDeps = {
    io: { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text), stderrIsTTY: false },
    loadModels: async () => FIXTURE_MODELS,
    languageModel: (id) => provider.languageModel(id.slice(id.indexOf('/') + 1)),
    openLedger: async () => ({ store: ledger, location: 'memory' }),
    readTextFile: async (path) => {
      const text = stored.get(path);
      if (text === undefined) {
        // shaped like Node's fs error, which the command turns into a usage error naming the path
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      }
      return text;
    },
    writeTextFile: async (path, text) => {
      stored.set(path, text);
    },
    // a deterministic clock: every reading advances 5 ms
    now: () => (clock += 5),
  };
  return { deps, upstream, ledger, stdout, stderr, files: stored };
}
