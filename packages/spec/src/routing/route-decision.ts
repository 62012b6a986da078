import type { ModelInfo } from '../model/model-info.js';
import type { PicoUsd } from '../money/money.js';
import type { Scenario } from './scenario.js';

/** How to trade cost against quality. */
export type Strategy = 'cheapest' | 'balanced' | 'best_quality';

/** Every strategy. */
export const STRATEGIES: readonly Strategy[] = ['cheapest', 'balanced', 'best_quality'];

/** Why a candidate model was not chosen. */
export type RejectionReason =
  | 'missing-capability'
  | 'context-too-small'
  | 'over-budget'
  | 'unpriced'
  | 'free-excluded'
  | 'batch-excluded'
  | 'below-tier'
  | 'not-chosen';

/** A model the router looked at and did not pick. */
export interface RejectedCandidate {
  modelId: string;
  reason: RejectionReason;
  /** One line for humans, e.g. `estimated $0.0120 > budget $0.0100`. */
  detail: string;
  /** Estimated cost of the call on this model, when it could be computed. */
  estimatedCost?: PicoUsd;
}

/** The router's answer, with enough detail to explain itself. */
export interface RouteDecision {
  model: ModelInfo;
  strategy: Strategy;
  scenario: Scenario;
  /** The ceiling the decision respected, if any. */
  budget: PicoUsd | undefined;
  /** Expected cost of the call (counted input, expected output). */
  estimatedCost: PicoUsd;
  /** Worst case of the call (counted input, maximum output) — what a reservation holds. */
  worstCaseCost: PicoUsd;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  /** False only when `budgetStrict: false` had to fall back to a model over budget. */
  withinBudget: boolean;
  rejected: RejectedCandidate[];
}
