import { createRouter, explainDecision } from '@tokenwise/core';
import {
  formatUsd,
  InvalidArgumentError,
  NoRouteError,
  type RejectedCandidate,
  RiskGateBlockedError,
  type RouteDecision,
  toUsdNumber,
} from '@tokenwise/spec';
import { parseBudgetFlag, parseCapabilityFlag, parseStrategyFlag } from '../args/parse-flags.js';
import type { CliDeps } from '../cli-deps.js';
import { EXIT_CODES } from '../exit-codes.js';
import { catalogJson, catalogLine, catalogStatusOf, withCatalogContext } from '../output/catalog-status.js';
import { cliWords } from '../output/cli-words.js';
import { createColors } from '../output/create-colors.js';
import { formatCount, formatPrice } from '../output/format-values.js';
import { modelJson } from '../output/model-json.js';
import { writeJson } from '../output/write-json.js';
import { ReportedFailure } from '../reported-failure.js';
import type { CommandArgs } from './define-lazy-command.js';

/** Body of `tokenwise route`. */
export async function runRoute(deps: CliDeps, args: CommandArgs): Promise<void> {
  const { io } = deps;
  const query = args._.join(' ').trim();
  if (query === '') {
    throw new InvalidArgumentError({ argument: 'QUERY', message: 'QUERY must be a non-empty prompt.' });
  }
  // Flags are checked before anything loads, so a typo fails fast with exit code 2.
  const strategyFlag = parseStrategyFlag(args.strategy);
  const budgetFlag = parseBudgetFlag(args.budget);
  const capability = parseCapabilityFlag(args.capability);
  const [config, registry] = await Promise.all([deps.loadConfig(), deps.loadRegistry()]);
  const catalog = catalogStatusOf(deps, registry);
  // The original's route trace: a request id and how the request ended (completed, or no_go at the risk gate).
  const requestId = newRequestId();
  const router = createRouter({
    models: registry,
    defaultStrategy: config.defaultStrategy,
    minOutputTokens: config.minOutputTokens,
    riskGate: config.riskGate,
  });
  const explain = args.explain === true;
  let decision: RouteDecision;
  try {
    decision = router.route(query, {
      strategy: strategyFlag ?? config.defaultStrategy,
      budget: budgetFlag ?? config.defaultBudget,
      ...(capability === undefined ? {} : { capability }),
      explain,
    });
  } catch (error) {
    if (RiskGateBlockedError.isInstance(error)) reportBlocked(deps, error, requestId, args.json === true);
    if (explain && NoRouteError.isInstance(error) && args.json !== true) {
      io.stderr(rejectedLines(error.rejected, 10).join('\n').concat('\n'));
    }
    throw withCatalogContext(error, catalog);
  }
  const capabilities =
    decision.scenario.capabilities.length > 0 ? [...decision.scenario.capabilities] : ['general'];

  if (args.json === true) {
    writeJson(io, {
      model: modelJson(decision.model),
      // `general` when nothing special is needed, as the text says (never an empty list).
      scenario: { capabilities, complexity: decision.scenario.complexity },
      strategy: decision.strategy,
      budget: decision.budget === undefined ? null : toUsdNumber(decision.budget),
      estimatedCost: toUsdNumber(decision.estimatedCost),
      ...(explain
        ? {
            worstCaseCost: toUsdNumber(decision.worstCaseCost),
            estimatedInputTokens: decision.estimatedInputTokens,
            estimatedOutputTokens: decision.estimatedOutputTokens,
            rejected: decision.rejected.map((entry) => ({
              modelId: entry.modelId,
              reason: entry.reason,
              detail: cliWords(entry.detail),
              estimatedCost: entry.estimatedCost === undefined ? null : toUsdNumber(entry.estimatedCost),
            })),
          }
        : {}),
      trace: { requestId, terminationState: 'completed' },
      catalog: catalogJson(catalog),
    });
    return;
  }

  const c = createColors(io.color);
  const { model, scenario } = decision;
  const row = (label: string, value: string) => `  ${c.dim(`${label}:`.padEnd(16))} ${value}`;
  const lines = [
    `Selected model: ${c.bold(c.cyan(model.id))}`,
    row('Provider', model.provider),
    row('Tier', model.tier),
    row('Input price', `${formatPrice(model.pricing?.inputPerMillion)}/M tokens`),
    row('Output price', `${formatPrice(model.pricing?.outputPerMillion)}/M tokens`),
    row('Context window', `${formatCount(model.contextWindow)} tokens`),
  ];
  if (model.capabilities.length > 0) lines.push(row('Capabilities', model.capabilities.join(', ')));
  lines.push(
    row('Scenario', `${capabilities.join(', ')} (${scenario.complexity})`),
    row('Strategy', decision.strategy),
    row('Budget', decision.budget === undefined ? 'none' : formatUsd(decision.budget, 2)),
    row(
      'Estimated cost',
      `${c.green(formatUsd(decision.estimatedCost))} (~${formatCount(decision.estimatedInputTokens)} input + ~${formatCount(decision.estimatedOutputTokens)} output tokens)`,
    ),
  );
  lines.push('', row('Request ID', requestId), row('Termination', 'completed'));
  if (args.verbose === true) lines.push(row('Catalog', catalogLine(catalog).replace(/^Catalog: /, '')));
  if (explain) {
    lines.push('', ...explainDecision(decision, { maxRejections: 10 }).map(cliWords));
  }
  io.stdout(`${lines.join('\n')}\n`);
}

/** 12 hex characters, like the original's trace id. */
function newRequestId(): string {
  return [...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The original's blocked-route report: the reason, then the trace (`no_go`); exit 1. */
function reportBlocked(deps: CliDeps, error: RiskGateBlockedError, requestId: string, json: boolean): never {
  const { io } = deps;
  const message = `tokenwise route: ${error.message}`;
  io.stderr(`${message}\n  Request ID: ${requestId}\n  Termination: no_go\n`);
  if (json) {
    writeJson(io, {
      error: { type: 'risk_gate_blocked', message, exitCode: EXIT_CODES.failure },
      trace: { requestId, terminationState: 'no_go' },
    });
  }
  throw new ReportedFailure(EXIT_CODES.failure);
}

function rejectedLines(rejected: readonly RejectedCandidate[], limit: number): string[] {
  const lines = rejected
    .slice(0, limit)
    .map((entry) => `  - ${entry.modelId}: ${entry.reason}, ${cliWords(entry.detail)}`);
  if (rejected.length > limit) lines.push(`  … and ${rejected.length - limit} more.`);
  return lines.length > 0 ? ['Models considered:', ...lines] : [];
}
