import type { Capability, PicoUsd } from '@tokenwise/spec';

/** One step of a plan: a single LLM call with its model, estimates and dependencies. */
export interface PlanStep {
  /** 1-based id, unique in the plan. */
  id: number;
  /** What the step must do; sent to the model as the task. */
  description: string;
  /** Catalog id of the assigned model. */
  modelId: string;
  /** Capabilities the step needs (never `general`, which every model has); kept when escalating. */
  requiredCapabilities: Capability[];
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  /** Expected cost on the assigned model (estimated input and output tokens). */
  estimatedCost: PicoUsd;
  /** Ids of the steps whose outputs this step needs; it starts only after they succeeded. */
  dependsOn: number[];
  /** Sent instead of the description when set (hand-built plans). */
  promptTemplate?: string;
}

/** Where a plan's steps came from: the planner model, or the single-step fallback. */
export type PlanSource = 'llm' | 'fallback';

/** A validated plan: a DAG of steps with models assigned under one budget. */
export interface Plan {
  /** The task as the user gave it. */
  task: string;
  steps: PlanStep[];
  /** The whole budget of the task: planning and execution together. */
  budget: PicoUsd;
  /** What planning cost (every planner attempt, repair included); already spent from `budget`. */
  plannerCost: PicoUsd;
  /** Sum of the steps' estimated costs (planner cost excluded). */
  totalEstimatedCost: PicoUsd;
  /** True when planner cost plus the estimated steps fit the budget. */
  withinBudget: boolean;
  source: PlanSource;
  /** Why the fallback was used, when it was. */
  error?: string;
  /** Repairs made to the decomposition (dropped dependencies, reordering, downgrades) and budget warnings. */
  notes: string[];
}
