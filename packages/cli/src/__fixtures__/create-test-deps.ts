import { createModelRegistry, loadConfig, type TokenwiseConfig } from '@tokenwise/core';
import { createMemoryLedgerStore, type LedgerStore } from '@tokenwise/ledger';
import type { Capability, ModelInfo, Tier } from '@tokenwise/spec';
import type { CliDeps, CliIo, RunningServer } from '../cli-deps.js';
import type { PlanService } from '../plan/plan-service.js';
import { runCli } from '../run-cli.js';

/** A catalog model for tests. */
export function testModel(
  id: string,
  tier: Tier,
  input: number,
  output: number,
  capabilities: Capability[] = ['general'],
): ModelInfo {
  return {
    id,
    name: id,
    provider: id.split('/')[0]!,
    pricing: { inputPerMillion: input, outputPerMillion: output },
    contextWindow: 128_000,
    maxOutputTokens: 16_000,
    capabilities,
    tier,
    inputModalities: ['text'],
    supportedParameters: [],
  };
}

/** Three models, one per tier (the original's `test/cheap-model` naming). */
export const TEST_MODELS: ModelInfo[] = [
  testModel('test/cheap-model', 'budget', 0.1, 0.4, ['general', 'code']),
  testModel('test/mid-model', 'mid', 1, 4, ['general', 'code', 'reasoning', 'math']),
  testModel('test/flagship-model', 'flagship', 10, 40, ['general', 'code', 'reasoning', 'math']),
];

/** Options of {@link createTestDeps}. */
export interface TestDepsOptions {
  env?: Record<string, string>;
  models?: ModelInfo[];
  ledger?: LedgerStore;
  planService?: PlanService;
  startServer?: CliDeps['startServer'];
  tty?: boolean;
  color?: boolean;
  debug?: boolean;
  signal?: AbortSignal;
}

/** Deps over an in-memory registry and ledger, with captured output. */
export function createTestDeps(options: TestDepsOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    color: options.color ?? false,
    debug: options.debug ?? false,
    signal: options.signal ?? new AbortController().signal,
  };
  const ledger = options.ledger ?? createMemoryLedgerStore();
  const registry = createModelRegistry({ models: options.models ?? TEST_MODELS });
  const calls = { registry: 0, planService: 0, refresh: 0 };
  const deps: CliDeps = {
    version: '9.9.9',
    io,
    loadConfig: async () => loadConfig({ env: options.env ?? {} }) as TokenwiseConfig,
    loadRegistry: async (request) => {
      calls.registry++;
      if (request?.refresh) calls.refresh++;
      return registry;
    },
    openLedger: async () => ({ store: ledger, location: 'memory' }),
    createPlanService: async () => {
      calls.planService++;
      if (!options.planService) throw new Error('no plan service in this test');
      return options.planService;
    },
    startServer:
      options.startServer ??
      (async (): Promise<RunningServer> => {
        throw new Error('no server in this test');
      }),
  };
  return {
    deps,
    ledger,
    calls,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    run: (...args: string[]) => runCli(deps, args),
  };
}
