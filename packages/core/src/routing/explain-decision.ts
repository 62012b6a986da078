import { formatUsd, type RejectionReason, type RouteDecision } from '@tokenwise/spec';
import { resolveStrategy } from './resolve-strategy.js';

const REASON_ORDER: readonly RejectionReason[] = [
  'over-budget',
  'context-too-small',
  'missing-capability',
  'below-tier',
  'unpriced',
  'free-excluded',
  'not-chosen',
];

/** Options of {@link explainDecision}. */
export interface ExplainDecisionOptions {
  /** How many rejected models to list one by one (default 5; the rest are counted). */
  maxRejections?: number;
}

/**
 * A route decision as lines for people (the CLI `route` command, proxy traces, logs): what was chosen and why,
 * what it should cost, the budget verdict, and why other models lost.
 */
export function explainDecision(decision: RouteDecision, options: ExplainDecisionOptions = {}): string[] {
  const { model, scenario } = decision;
  const lines = [
    `Chose ${model.id} (${model.tier} tier) with strategy ${decision.strategy}: ${resolveStrategy(decision.strategy).description}.`,
    `Prompt: ${scenario.complexity}, needs ${scenario.capabilities.length > 0 ? scenario.capabilities.join(', ') : 'general chat'}${scenario.signals.length > 0 ? ` (signals: ${scenario.signals.join(', ')})` : ''}.`,
    `Estimated cost ${formatUsd(decision.estimatedCost)} for ~${decision.estimatedInputTokens} input + ~${decision.estimatedOutputTokens} output tokens; worst case ${formatUsd(decision.worstCaseCost)}.`,
  ];
  if (decision.budget === undefined) lines.push('No budget set.');
  else if (decision.withinBudget) lines.push(`Within budget ${formatUsd(decision.budget)}.`);
  else
    lines.push(
      `Over budget ${formatUsd(decision.budget)}: nothing fits, so this is the cheapest capable model (best effort).`,
    );

  const rejected = decision.rejected;
  if (rejected.length === 0) return lines;
  // The interesting losers first: those that failed a filter because of this prompt or budget.
  const sorted = [...rejected].sort(
    (a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason),
  );
  const counts = new Map<RejectionReason, number>();
  for (const entry of sorted) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
  lines.push(
    `Passed over ${rejected.length} other model${rejected.length === 1 ? '' : 's'}: ${[...counts].map(([reason, count]) => `${count} ${reason}`).join(', ')}.`,
  );
  const limit = options.maxRejections ?? 5;
  for (const entry of sorted.slice(0, limit))
    lines.push(`  - ${entry.modelId}: ${entry.reason}, ${entry.detail}`);
  if (sorted.length > limit) lines.push(`  … and ${sorted.length - limit} more.`);
  return lines;
}
