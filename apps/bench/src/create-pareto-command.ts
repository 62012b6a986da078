import { createCatalogMissRefresh, createRouter, findModelOrRefresh, unpricedModel } from '@tokenwise/core';
import { formatUsd, InvalidArgumentError, type PicoUsd, toDecimalString, usd } from '@tokenwise/spec';
import { type CommandDef, defineCommand } from 'citty';
import type { BenchDeps } from './bench-deps.js';
import { collectListFlag } from './collect-list-flag.js';
import { formatResultsCsv } from './output/format-results-csv.js';
import { formatSummaryTable } from './output/format-summary-table.js';
import { renderParetoSvg } from './output/render-pareto-svg.js';
import { summarizeResults } from './output/summarize-results.js';
import {
  BENCH_STRATEGIES,
  type BenchSeries,
  type BenchStrategy,
  modelSeries,
  strategySeries,
} from './run/bench-series.js';
import { planRun } from './run/plan-run.js';
import { runPareto } from './run/run-pareto.js';
import type { TaskResult } from './run/task-result.js';
import type { BenchTask } from './tasks/bench-task.js';
import { BUILTIN_TASKS } from './tasks/builtin-tasks.js';
import { parseTaskFile } from './tasks/parse-task-file.js';

const paretoArgs = {
  models: {
    type: 'string',
    description: 'Models to run directly: --models a,b or --models a --models b or --models a b',
    valueHint: 'ids',
  },
  // boolean for citty, so a bare `--strategies --dry-run` never swallows `--dry-run` as its value; the names
  // are read from the raw arguments by collectListFlag
  strategies: {
    type: 'boolean',
    description: `TokenWise strategies to run: --strategies ${BENCH_STRATEGIES.join(',')} (bare: all)`,
  },
  tasks: {
    type: 'string',
    description: 'JSONL task file (default: the built-in 16 tasks)',
    valueHint: 'file',
  },
  categories: {
    type: 'string',
    description: 'Only tasks of these categories (comma list)',
    valueHint: 'names',
  },
  'budget-per-task': {
    type: 'string',
    description: 'Ceiling per task in USD',
    default: '0.03',
    valueHint: 'usd',
  },
  'max-tokens': { type: 'string', description: 'max_tokens of every call', default: '1024', valueHint: 'n' },
  concurrency: { type: 'string', description: 'Tasks in flight at once', default: '4', valueHint: 'n' },
  'max-models': {
    type: 'string',
    description: 'Most models the escalation strategy tries per task',
    default: '3',
    valueHint: 'n',
  },
  timeout: { type: 'string', description: 'Per-call timeout in seconds', default: '90', valueHint: 's' },
  csv: { type: 'string', description: 'Write one CSV row per (series, task) here', valueHint: 'file' },
  chart: { type: 'string', description: 'Write the Pareto chart (SVG) here', valueHint: 'file.svg' },
  'dry-run': { type: 'boolean', description: 'Print what would run and the worst-case cost; call nothing' },
  json: { type: 'boolean', description: 'Print one JSON document instead of the table' },
  ledger: { type: 'boolean', description: 'Record every call in the ledger', default: true },
  refresh: { type: 'boolean', description: 'Load the live model catalog first (default: cached or bundled)' },
} as const;

/** Parsed and validated flags of `bench pareto`. */
interface ParetoSettings {
  modelIds: string[];
  strategies: BenchStrategy[];
  budgetPerTask: PicoUsd;
  maxOutputTokens: number;
  concurrency: number;
  maxModels: number;
  timeoutMs: number;
}

/**
 * `bench pareto`: runs tasks across models and TokenWise strategies under a per-task budget, validates every
 * answer, and reports success rate against average cost per task (summary table or JSON on stdout, optional CSV
 * and SVG chart). `--dry-run` prints the worst case first and calls nothing.
 */
export function createParetoCommand(deps: BenchDeps): CommandDef<typeof paretoArgs> {
  return defineCommand({
    meta: {
      name: 'pareto',
      description: 'Success rate against cost per task, across models and TokenWise strategies',
    },
    args: paretoArgs,
    async run({ args, rawArgs }) {
      const { io } = deps;
      assertKnownOptions(rawArgs);
      const settings = readSettings(args, rawArgs);
      // read from the raw arguments too: a value flag written without its value must not swallow them
      const dryRun = args['dry-run'] === true || rawArgs.includes('--dry-run');
      const json = args.json === true || rawArgs.includes('--json');
      let tasks = args.tasks
        ? parseTaskFile(await readTaskFile(deps, args.tasks), args.tasks)
        : [...BUILTIN_TASKS];
      tasks = filterCategories(tasks, collectListFlag(rawArgs, 'categories'));
      const refreshed = args.refresh === true || rawArgs.includes('--refresh');
      let models = await deps.loadModels({ refresh: refreshed });
      // Core's rule for a model without a known price (the proxy's and `plan`'s too): one catalog refresh on a
      // miss, then — since every bench task runs under --budget-per-task — a refusal that says how to price it.
      const catalog = {
        get: (id: string) => models.find((model) => model.id === id),
        ...(refreshed
          ? {}
          : {
              refresh: createCatalogMissRefresh(
                async () => {
                  models = await deps.loadModels({ refresh: true });
                },
                { clock: () => 0, intervalMs: Number.POSITIVE_INFINITY },
              ),
            }),
      };
      for (const id of settings.modelIds) {
        const model = await findModelOrRefresh(catalog, id);
        if (model?.pricing === undefined) {
          unpricedModel(id, { budgetApplies: true, ...(model === undefined ? {} : { known: model }) });
        }
      }
      const series: BenchSeries[] = [
        ...settings.modelIds.map(modelSeries),
        ...settings.strategies.map(strategySeries),
      ];
      const plan = planRun({
        series,
        tasks,
        models,
        budgetPerTask: settings.budgetPerTask,
        maxOutputTokens: settings.maxOutputTokens,
        maxModelsPerTask: settings.maxModels,
        ...(deps.minOutputTokens === undefined ? {} : { minOutputTokens: deps.minOutputTokens }),
      });
      const worstCase = plan.reduce((sum, entry) => sum + entry.worstCase, 0n);

      if (dryRun) {
        if (json) {
          io.stdout(
            `${JSON.stringify(
              {
                dryRun: true,
                tasks: tasks.map(({ id, category }) => ({ id, category })),
                budgetPerTaskUsd: toDecimalString(settings.budgetPerTask),
                worstCaseUsd: toDecimalString(worstCase),
                series: plan.map((entry) => ({
                  ...entry,
                  worstCase: undefined,
                  worstCaseUsd: toDecimalString(entry.worstCase),
                })),
              },
              null,
              2,
            )}\n`,
          );
          return;
        }
        io.stdout(`${formatPlan(plan, tasks, settings.budgetPerTask, worstCase)}\n`);
        return;
      }

      io.stderr(
        `bench pareto: ${series.length} series × ${tasks.length} tasks, ${formatUsd(settings.budgetPerTask)} per task, worst case ${formatUsd(worstCase)}\n`,
      );
      const ledger = args.ledger ? await deps.openLedger() : undefined;
      const router = createRouter({
        models,
        ...(deps.minOutputTokens === undefined ? {} : { minOutputTokens: deps.minOutputTokens }),
      });
      const results = await runPareto({
        series,
        tasks,
        models,
        router,
        languageModel: (id) => deps.languageModel(id),
        budgetPerTask: settings.budgetPerTask,
        maxOutputTokens: settings.maxOutputTokens,
        concurrency: settings.concurrency,
        maxModelsPerTask: settings.maxModels,
        attemptTimeoutMs: settings.timeoutMs,
        ...(deps.minOutputTokens === undefined ? {} : { minOutputTokens: deps.minOutputTokens }),
        ...(deps.now === undefined ? {} : { now: deps.now }),
        ...(io.signal === undefined ? {} : { signal: io.signal }),
        ...(ledger === undefined ? {} : { record: (record) => ledger.store.append(record) }),
        onResult: (result, done, total) => io.stderr(progressLine(result, done, total, io.stderrIsTTY)),
      });
      if (io.stderrIsTTY) io.stderr('\n');

      const summaries = summarizeResults(results);
      if (args.csv) await deps.writeTextFile(args.csv, formatResultsCsv(results));
      if (args.chart) await deps.writeTextFile(args.chart, renderParetoSvg(summaries));
      const totalCost = results.reduce((sum, result) => sum + result.cost, 0n);
      if (json) {
        io.stdout(
          `${JSON.stringify(
            {
              budgetPerTaskUsd: toDecimalString(settings.budgetPerTask),
              totalCostUsd: toDecimalString(totalCost),
              summary: summaries.map((summary) => ({
                ...summary,
                totalCost: undefined,
                avgCost: undefined,
                totalCostUsd: toDecimalString(summary.totalCost),
                avgCostUsd: toDecimalString(summary.avgCost),
              })),
              results: results.map((result) => ({
                ...result,
                cost: undefined,
                budget: undefined,
                costUsd: toDecimalString(result.cost),
                budgetUsd: toDecimalString(result.budget),
              })),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        io.stdout(`${formatSummaryTable(summaries)}\n\nTotal spent: ${formatUsd(totalCost, 6)}\n`);
      }
      const written = [
        args.csv && `CSV: ${args.csv}`,
        args.chart && `chart: ${args.chart}`,
        ledger && `ledger: ${ledger.location}`,
      ]
        .filter(Boolean)
        .join('; ');
      if (written) io.stderr(`${written}\n`);
      if (io.signal?.aborted) io.stderr('Interrupted: the results above cover the tasks that finished.\n');
    },
  });
}

/**
 * citty ignores unknown options; a misspelled `--budget-per-tsk 0.01` must not run with the default budget, so it
 * is a usage error (exit 2), as in every other `tokenwise` command. Negative numbers are values, not options.
 */
function assertKnownOptions(rawArgs: readonly string[]): void {
  const known = new Set<string>(['help', 'h']);
  for (const [name, def] of Object.entries(paretoArgs)) {
    known.add(name);
    if (def.type === 'boolean') known.add(`no-${name}`);
  }
  for (const token of rawArgs) {
    if (token === '--') break;
    if (!token.startsWith('-') || /^-\d/.test(token)) continue;
    const name = token.replace(/^--?/, '').split('=')[0]!;
    if (!known.has(name)) {
      throw new InvalidArgumentError({
        argument: token,
        message: `Unknown option ${token.split('=')[0]}.`,
      });
    }
  }
}

/** The task file's text; a missing or unreadable file is a usage error naming the path (exit 2). */
async function readTaskFile(deps: BenchDeps, path: string): Promise<string> {
  try {
    return await deps.readTextFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new InvalidArgumentError({
      argument: '--tasks',
      message: `--tasks: cannot read ${path} (${why}); pass a JSONL task file, or leave --tasks out for the built-in tasks.`,
    });
  }
}

function readSettings(args: Record<string, unknown>, rawArgs: readonly string[]): ParetoSettings {
  for (const flag of [
    'tasks',
    'csv',
    'chart',
    'budget-per-task',
    'max-tokens',
    'concurrency',
    'max-models',
    'timeout',
  ]) {
    const value = args[flag];
    // a negative number is a value (rejected below with the flag's own message), not a swallowed option
    if (typeof value === 'string' && (value === '' || (value.startsWith('-') && !/^-\d/.test(value)))) {
      throw new InvalidArgumentError({
        argument: `--${flag}`,
        message: `--${flag} needs a value (got "${value}").`,
      });
    }
  }
  const modelIds = collectListFlag(rawArgs, 'models') ?? [];
  const strategyNames = collectListFlag(rawArgs, 'strategies');
  const strategies =
    strategyNames === undefined
      ? []
      : strategyNames.length === 0
        ? [...BENCH_STRATEGIES]
        : strategyNames.map(parseStrategy);
  if (modelIds.length === 0 && strategies.length === 0) {
    throw new InvalidArgumentError({
      argument: '--models',
      message:
        'Nothing to run: pass --models a,b,c and/or --strategies (e.g. --strategies escalation,cheapest).',
    });
  }
  return {
    modelIds,
    strategies,
    budgetPerTask: parseUsdFlag(args['budget-per-task'], '--budget-per-task'),
    maxOutputTokens: parseWhole(args['max-tokens'], '--max-tokens', 1, 1_000_000),
    concurrency: parseWhole(args.concurrency, '--concurrency', 1, 64),
    maxModels: parseWhole(args['max-models'], '--max-models', 1, 10),
    timeoutMs: parseWhole(args.timeout, '--timeout', 1, 3600) * 1000,
  };
}

function parseStrategy(name: string): BenchStrategy {
  const normalized = name.toLowerCase().replace(/-/g, '_');
  if ((BENCH_STRATEGIES as readonly string[]).includes(normalized)) return normalized as BenchStrategy;
  throw new InvalidArgumentError({
    argument: '--strategies',
    message: `Unknown strategy "${name}": use ${BENCH_STRATEGIES.join(', ')}.`,
  });
}

function parseUsdFlag(value: unknown, flag: string): PicoUsd {
  let amount = -1n;
  try {
    amount = usd(String(value).trim().replace(/^\$/, ''));
  } catch {
    // reported below
  }
  if (amount <= 0n) {
    throw new InvalidArgumentError({
      argument: flag,
      message: `${flag} must be a positive USD amount like 0.03 (got "${String(value)}").`,
    });
  }
  return amount;
}

function parseWhole(value: unknown, flag: string, min: number, max: number): number {
  const text = String(value).trim();
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new InvalidArgumentError({
      argument: flag,
      message: `${flag} must be a whole number from ${min} to ${max} (got "${String(value)}").`,
    });
  }
  return number;
}

function filterCategories(tasks: BenchTask[], categories: string[] | undefined): BenchTask[] {
  if (categories === undefined || categories.length === 0) return tasks;
  const kept = tasks.filter((task) => categories.includes(task.category));
  if (kept.length === 0) {
    const known = [...new Set(tasks.map((task) => task.category))].join(', ');
    throw new InvalidArgumentError({
      argument: '--categories',
      message: `No task has category ${categories.join(' or ')}: the tasks have ${known}.`,
    });
  }
  return kept;
}

function formatPlan(
  plan: ReturnType<typeof planRun>,
  tasks: readonly BenchTask[],
  budgetPerTask: PicoUsd,
  worstCase: PicoUsd,
): string {
  const categories = new Map<string, number>();
  for (const task of tasks) categories.set(task.category, (categories.get(task.category) ?? 0) + 1);
  const lines = [
    `Dry run: nothing will be called.`,
    `Tasks: ${tasks.length} (${[...categories].map(([name, count]) => `${name} ${count}`).join(', ')})`,
    `Budget per task: ${formatUsd(budgetPerTask)}`,
    '',
  ];
  const width = Math.max(6, ...plan.map((entry) => entry.series.length));
  lines.push(
    `${'series'.padEnd(width)}  ${'kind'.padEnd(8)}  ${'calls ≤'.padStart(7)}  ${'worst case'.padStart(12)}`,
  );
  for (const entry of plan) {
    const note = entry.refusedTasks > 0 ? `  (${entry.refusedTasks} task(s) do not fit the budget)` : '';
    lines.push(
      `${entry.series.padEnd(width)}  ${entry.kind.padEnd(8)}  ${String(entry.maxCalls).padStart(7)}  ${formatUsd(entry.worstCase, 6).padStart(12)}${note}`,
    );
  }
  lines.push(
    '',
    `Worst-case total: ${formatUsd(worstCase, 6)} (strategies are bounded by the per-task budget)`,
  );
  return lines.join('\n');
}

function progressLine(result: TaskResult, done: number, total: number, tty: boolean): string {
  const mark = result.success ? 'ok  ' : 'FAIL';
  const model = result.seriesKind === 'strategy' && result.modelUsed ? ` → ${result.modelUsed}` : '';
  const text = `[${done}/${total}] ${mark} ${result.series} · ${result.taskId}${model} ${formatUsd(result.cost, 6)}`;
  return tty ? `\r\u001b[2K${text}` : `${text}\n`;
}
