import { formatUsd, InvalidArgumentError, type PicoUsd, toUsdNumber } from '@tokenwise/spec';
import { parseBudgetFlag, parseIntegerFlag } from '../args/parse-flags.js';
import type { CliDeps, CliIo } from '../cli-deps.js';
import { describeFileError } from '../cli-failure.js';
import { EXIT_CODES } from '../exit-codes.js';
import { catalogJson, catalogLine, catalogStatusOf, withCatalogContext } from '../output/catalog-status.js';
import { type Colors, createColors } from '../output/create-colors.js';
import { createProgress } from '../output/create-progress.js';
import { formatTable } from '../output/format-table.js';
import { formatCount } from '../output/format-values.js';
import { writeJson } from '../output/write-json.js';
import { parallelGroups } from '../plan/parallel-groups.js';
import type { CliPlan, CliPlanResult } from '../plan/plan-service.js';
import { ReportedFailure } from '../reported-failure.js';
import type { CommandArgs } from './define-lazy-command.js';

/** Default of `--concurrency`. */
export const DEFAULT_CONCURRENCY = 4;
/** Characters of the final output shown in the human report (`--json` has all of it). */
export const OUTPUT_PREVIEW_CHARS = 2000;

/** Body of `tokenwise plan`. */
export async function runPlan(deps: CliDeps, args: CommandArgs): Promise<void> {
  const { io } = deps;
  const task = args._.join(' ').trim();
  if (task === '') {
    throw new InvalidArgumentError({ argument: 'TASK', message: 'TASK must be a non-empty description.' });
  }
  const budgetFlag = parseBudgetFlag(args.budget);
  const concurrency =
    parseIntegerFlag(args.concurrency, '--concurrency', { min: 1, max: 64 }) ?? DEFAULT_CONCURRENCY;
  const config = await deps.loadConfig();
  const budget = budgetFlag ?? config.defaultBudget;
  const json = args.json === true;
  if (args.execute === true) {
    // No key at all is not a model failure: stop before the planner or any step calls a model.
    const missing = deps.missingProviderKeys?.(config);
    if (missing !== undefined && missing.length > 0) {
      refuse(
        io,
        json,
        'load_api_key',
        `tokenwise plan: no provider API key is set; set one of ${missing.join(', ')} (in the environment or ~/.config/tokenwise/config.yaml) and run again.`,
      );
    }
  }
  // After the key check: a stale catalog's live refresh must not delay "no key" either.
  const registry = await deps.loadRegistry();
  const catalog = catalogStatusOf(deps, registry);
  const c = createColors(io.color);
  const service = await deps.createPlanService({ registry, config });
  // Open the ledger before spending anything: a bad TOKENWISE_LEDGER_PATH should not surface after the run.
  const ledger = args.execute === true ? await deps.openLedger() : undefined;

  const progress = createProgress({ io, colors: c });
  progress.status('Planning task…');
  let plan: CliPlan;
  try {
    plan = await service.plan(task, { budget, signal: io.signal });
  } catch (error) {
    throw withCatalogContext(error, catalog);
  } finally {
    progress.stop();
  }

  if (args.execute !== true) {
    if (json) writeJson(io, { ...planJson(plan), catalog: catalogJson(catalog) });
    else io.stdout(planReport(plan, io, c));
    if (!json && args.verbose === true) io.stdout(`${catalogLine(catalog)}\n`);
    return;
  }
  if (!plan.withinBudget) {
    // Even the cheapest plan cannot fit: refuse before any step is called (the planner call is already paid).
    const needed = plan.estimatedCost + plan.plannerCost;
    refuse(
      io,
      json,
      'budget_exceeded',
      `tokenwise plan: the cheapest plan is estimated at ${formatUsd(needed)}${plan.plannerCost > 0n ? ` (planner ${formatUsd(plan.plannerCost)} included)` : ''}, over the budget of ${formatUsd(plan.budget)}; raise --budget or simplify the task. No step was run.`,
      { plan: { ...planJson(plan), catalog: catalogJson(catalog) } },
    );
  }
  if (args.json !== true) io.stdout(`${planReport(plan, io, c)}\n`);

  const live = createProgress({ io, colors: c, totalSteps: plan.steps.length });
  live.status('Executing plan…');
  let result: CliPlanResult;
  try {
    result = await service.execute(plan, { concurrency, signal: io.signal, onEvent: live.event });
  } finally {
    live.stop();
  }

  let saveError: unknown;
  try {
    await ledger!.store.append(result.record);
  } catch (error) {
    saveError = error;
  }
  if (json) {
    writeJson(io, {
      ...planJson(plan),
      result: resultJson(result),
      ledger: saveError === undefined ? ledger!.location : null,
      catalog: catalogJson(catalog),
    });
  } else {
    io.stdout(resultReport(plan, result, io, c));
    if (saveError === undefined) io.stdout(`\nSaved to ledger: ${ledger!.location}\n`);
    if (args.verbose === true) io.stdout(`${catalogLine(catalog)}\n`);
  }
  if (saveError !== undefined) {
    const why = describeFileError(saveError);
    const message =
      why === undefined
        ? saveError instanceof Error
          ? saveError.message
          : String(saveError)
        : `${ledger!.location} ${why}; point TOKENWISE_LEDGER_PATH (or ledger_path in the config file) at a JSONL file you can write`;
    io.stderr(`tokenwise plan: could not save the ledger record: ${message}\n`);
  }
  const aborted = result.trace.terminationState === 'aborted';
  if (aborted) throw new ReportedFailure(EXIT_CODES.interrupted);
  if (!result.success || saveError !== undefined) throw new ReportedFailure(EXIT_CODES.failure);
}

/** Prints one line (and with `--json` the error document) and exits 1 through the reported-failure path. */
function refuse(
  io: CliIo,
  json: boolean,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
): never {
  io.stderr(`${message}\n`);
  if (json) writeJson(io, { error: { type, message, exitCode: EXIT_CODES.failure }, ...extra });
  throw new ReportedFailure(EXIT_CODES.failure);
}

const usdOrNull = (amount: PicoUsd | undefined) => (amount === undefined ? null : toUsdNumber(amount));

/** The `--json` document of a plan (documented in the README; a public interface). */
export function planJson(plan: CliPlan) {
  return {
    task: plan.task,
    budget: toUsdNumber(plan.budget),
    source: plan.source,
    ...(plan.error === undefined ? {} : { error: plan.error }),
    estimatedCost: toUsdNumber(plan.estimatedCost),
    plannerCost: toUsdNumber(plan.plannerCost),
    withinBudget: plan.withinBudget,
    steps: plan.steps.map((step) => ({
      id: step.id,
      description: step.description,
      modelId: step.modelId,
      estimatedCost: toUsdNumber(step.estimatedCost),
      dependsOn: step.dependsOn,
    })),
  };
}

/** The `result` member of the `--json` document of an executed plan. */
export function resultJson(result: CliPlanResult) {
  return {
    success: result.success,
    terminationState: result.trace.terminationState,
    totalCost: toUsdNumber(result.totalCost),
    wastedCost: toUsdNumber(result.wastedCost),
    budgetRemaining: usdOrNull(result.budgetRemaining),
    finalOutput: result.finalOutput,
    steps: result.steps.map((step) => ({
      id: step.id,
      modelId: step.modelId,
      success: step.success,
      cost: toUsdNumber(step.cost),
      escalated: step.escalated,
      output: step.output,
      error: step.error ?? null,
    })),
    skipped: result.skipped,
    attempts: result.attempts.map((attempt) => ({ ...attempt, cost: toUsdNumber(attempt.cost) })),
    trace: result.trace,
  };
}

function planReport(plan: CliPlan, io: CliIo, c: Colors): string {
  const lines = [`Plan for: ${c.bold(plan.task)}`];
  if (plan.source === 'fallback') {
    lines.push(
      c.yellow(
        `Warning: LLM decomposition failed, using single-step fallback. (${plan.error ?? 'unknown error'})`,
      ),
    );
  }
  lines.push(`Budget: ${formatUsd(plan.budget, 2)}`, `Estimated cost: ${formatUsd(plan.estimatedCost)}`);
  if (plan.plannerCost > 0n) lines.push(`Planner cost: ${formatUsd(plan.plannerCost)}`);
  lines.push(`Within budget: ${plan.withinBudget ? c.green('Yes') : c.red('No')}`, '');
  const groups = parallelGroups(plan.steps);
  const table = formatTable({
    title: io.stdoutIsTTY ? 'Execution Steps' : undefined,
    columns: [
      { header: '#', align: 'right' },
      { header: 'Description', maxWidth: 50 },
      { header: 'Model', maxWidth: 40 },
      { header: 'Est. Cost', align: 'right' },
      { header: 'Depends On' },
      { header: 'Group', align: 'right' },
    ],
    rows: plan.steps.map((step) => [
      String(step.id),
      step.description,
      step.modelId,
      formatUsd(step.estimatedCost),
      step.dependsOn.length > 0 ? step.dependsOn.join(', ') : '-',
      String(groups.get(step.id) ?? 1),
    ]),
    tty: io.stdoutIsTTY,
    colors: c,
  });
  lines.push(table.trimEnd());
  const waves = new Map<number, number[]>();
  for (const step of plan.steps) {
    const group = groups.get(step.id) ?? 1;
    waves.set(group, [...(waves.get(group) ?? []), step.id]);
  }
  const parallel = [...waves].filter(([, ids]) => ids.length > 1);
  if (parallel.length > 0) {
    lines.push(
      '',
      `Parallel groups: ${parallel.map(([group, ids]) => `group ${group} runs steps ${ids.join(', ')} together`).join('; ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function resultReport(plan: CliPlan, result: CliPlanResult, io: CliIo, c: Colors): string {
  const state = result.trace.terminationState;
  const status =
    state === 'aborted' ? c.yellow('Cancelled') : result.success ? c.green('Success') : c.red('Failed');
  const lines = [
    `Status: ${status}`,
    `Total cost: ${formatUsd(result.totalCost)}${plan.plannerCost > 0n ? ` (planner ${formatUsd(plan.plannerCost)} included)` : ''}`,
    `Budget remaining: ${formatUsd(result.budgetRemaining)}`,
  ];
  if (result.skipped.length > 0) {
    lines.push('', `Skipped ${result.skipped.length} step(s):`);
    for (const skipped of result.skipped) {
      lines.push(`  Step ${skipped.id}: ${skipped.description} (${skipped.reason})`);
    }
  }
  if (result.attempts.length > 0) {
    lines.push(
      '',
      formatTable({
        title: io.stdoutIsTTY ? 'Cost Breakdown' : undefined,
        columns: [
          { header: 'Reason' },
          { header: 'Model', maxWidth: 40 },
          { header: 'In Tokens', align: 'right' },
          { header: 'Out Tokens', align: 'right' },
          { header: 'Cost', align: 'right' },
          { header: 'OK?' },
        ],
        rows: result.attempts.map((attempt) => [
          attempt.reason,
          attempt.modelId,
          formatCount(attempt.inputTokens),
          formatCount(attempt.outputTokens),
          formatUsd(attempt.cost, 6),
          attempt.success ? c.green('Y') : c.red('N'),
        ]),
        tty: io.stdoutIsTTY,
        colors: c,
      }).trimEnd(),
    );
  }
  if (result.wastedCost > 0n) lines.push(`Wasted cost (failed attempts): ${formatUsd(result.wastedCost, 6)}`);
  const failed = result.steps.filter((step) => !step.success && step.error);
  for (const step of failed) lines.push(c.red(`Step ${step.id} failed: ${step.error}`));
  if (result.finalOutput) {
    const output = result.finalOutput;
    lines.push('', c.bold('Output:'), output.slice(0, OUTPUT_PREVIEW_CHARS));
    if (output.length > OUTPUT_PREVIEW_CHARS) {
      lines.push(
        c.dim(`… ${output.length - OUTPUT_PREVIEW_CHARS} more characters (use --json for all of it)`),
      );
    }
  }
  const { trace } = result;
  lines.push('', c.bold('Routing Trace:'), `  Request ID: ${trace.requestId}`);
  if (trace.initialModel)
    lines.push(`  Initial model: ${trace.initialModel.id} (${trace.initialModel.tier})`);
  if (trace.finalModel) lines.push(`  Final model: ${trace.finalModel.id} (${trace.finalModel.tier})`);
  lines.push(`  Termination: ${trace.terminationState}`);
  if (trace.escalationPolicy) lines.push(`  Escalation policy: ${trace.escalationPolicy}`);
  if (trace.escalations.length > 0) {
    lines.push(
      '',
      formatTable({
        title: io.stdoutIsTTY ? 'Escalations' : undefined,
        columns: [
          { header: 'Step', align: 'right' },
          { header: 'From' },
          { header: 'To' },
          { header: 'Reason' },
        ],
        rows: trace.escalations.map((e) => [String(e.stepId), e.from, e.to, e.reason]),
        tty: io.stdoutIsTTY,
        colors: c,
      }).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}
