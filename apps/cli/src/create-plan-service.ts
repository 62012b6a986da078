import type { CliPlan, CliPlanEvent, PlanService } from '@tokenwise/cli';
import {
  createProviderResolver,
  findModelOrRefresh,
  type ModelRegistry,
  type TokenwiseConfig,
} from '@tokenwise/core';
import type { AttemptEntry, ExecutorEvent, Plan } from '@tokenwise/planner';
import type { ProviderV1 } from '@tokenwise/spec';

/** Options of {@link createPlanService}. */
export interface CreatePlanServiceOptions {
  registry: ModelRegistry;
  config: TokenwiseConfig;
  providers: Readonly<Record<string, ProviderV1>>;
}

interface NativePlan {
  plan: Plan;
  /** Planner attempts, kept as entries of the task's ledger record. */
  plannerEntries: AttemptEntry[];
}

/**
 * Adapts `@tokenwise/planner` (planner + executor over core's provider resolver) to the CLI's `PlanService`:
 * the plan and result views the `plan` command prints, live events, and the ledger record of the run.
 */
export async function createPlanService(options: CreatePlanServiceOptions): Promise<PlanService> {
  const { registry, config } = options;
  const { createPlanner, createExecutor, toTaskRecord } = await import('@tokenwise/planner');
  const resolver = createProviderResolver({ providers: options.providers, registry });
  const resolve = (modelId: string) => resolver.resolve(modelId);
  const { plannerModelInfo } = await import('./planner-model-info.js');
  const id = config.plannerModel;
  // A bare id (`gpt-4.1-mini`) is one the planner expands through the catalog.
  const listed =
    registry.get(id) ??
    (id.includes('/') ? undefined : registry.models().find((m) => m.id.endsWith(`/${id}`)));
  // Not listed and not priced by the bundled snapshot or model_overrides: the live catalog is loaded once (core's
  // rule for models without a known price); still unknown, the planner refuses it under a budget.
  const plannerInfo =
    listed === undefined
      ? (plannerModelInfo(config) ??
        (await findModelOrRefresh(
          { get: (known) => registry.get(known), refresh: () => registry.refresh() },
          id,
        )))
      : undefined;
  const planner = createPlanner({
    registry,
    resolve,
    plannerModel: config.plannerModel,
    ...(plannerInfo === undefined ? {} : { plannerModelInfo: plannerInfo }),
    minOutputTokens: config.minOutputTokens,
  });
  const executor = createExecutor({
    registry,
    resolve,
    minOutputTokens: config.minOutputTokens,
    defaultMaxOutputTokens: config.defaultMaxOutputTokens,
    escalationPolicy: config.escalationPolicy,
  });
  const tierOf = (modelId: string) => registry.get(modelId)?.tier ?? 'unknown';

  return {
    async plan(task, { budget, signal }) {
      const plannerEntries: AttemptEntry[] = [];
      const plan = await planner.plan(task, {
        budget,
        signal,
        onAttempt: (entry) => plannerEntries.push(entry),
      });
      const native: NativePlan = { plan, plannerEntries };
      return {
        task: plan.task,
        budget: plan.budget,
        source: plan.source,
        ...(plan.error === undefined ? {} : { error: plan.error }),
        estimatedCost: plan.totalEstimatedCost,
        plannerCost: plan.plannerCost,
        withinBudget: plan.withinBudget,
        steps: plan.steps.map((step) => ({
          id: step.id,
          description: step.description,
          modelId: step.modelId,
          estimatedCost: step.estimatedCost,
          dependsOn: [...step.dependsOn],
        })),
        native,
      } satisfies CliPlan;
    },

    async execute(cliPlan, { concurrency, signal, onEvent }) {
      const { plan, plannerEntries } = cliPlan.native as NativePlan;
      const result = await executor.execute(plan, {
        concurrency,
        signal,
        onEvent: (event) => {
          const mapped = toCliEvent(event);
          if (mapped) onEvent(mapped);
        },
      });
      const record = toTaskRecord(result, { source: 'cli', plannerEntries, traceLevel: config.traceLevel });
      const { trace } = result;
      return {
        success: result.success,
        totalCost: result.totalCost,
        wastedCost: result.wastedCost,
        budgetRemaining: result.budgetRemaining,
        finalOutput: result.finalOutput,
        steps: result.stepResults.map((step) => ({
          id: step.stepId,
          modelId: step.modelId,
          success: step.success,
          cost: step.cost,
          escalated: step.escalated,
          output: step.output,
          ...(step.error === undefined ? {} : { error: step.error }),
        })),
        skipped: result.skippedSteps.map((skipped) => ({
          id: skipped.step.id,
          description: skipped.step.description,
          reason: skipped.reason,
        })),
        attempts: [...plannerEntries, ...result.ledger.entries].map((entry) => ({
          reason: entry.reason,
          modelId: entry.modelId,
          inputTokens: entry.inputTokens,
          outputTokens: entry.outputTokens,
          cost: entry.cost,
          success: entry.success,
        })),
        trace: {
          requestId: trace.requestId,
          ...(trace.initialModel
            ? {
                initialModel: {
                  id: trace.initialModel,
                  tier: trace.initialTier ?? tierOf(trace.initialModel),
                },
              }
            : {}),
          ...(trace.finalModel
            ? { finalModel: { id: trace.finalModel, tier: trace.finalTier ?? tierOf(trace.finalModel) } }
            : {}),
          terminationState: trace.terminationState,
          escalationPolicy: trace.escalationPolicy,
          escalations: trace.escalations.map((escalation) => ({
            stepId: escalation.stepId,
            from: `${escalation.fromModel} (${escalation.fromTier})`,
            to: `${escalation.toModel} (${escalation.toTier})`,
            reason: `${escalation.reason}: ${escalation.detail}`,
          })),
        },
        record,
      };
    },
  };
}

/** The executor's events as the CLI shows them; per-attempt events are covered by the cost breakdown. */
export function toCliEvent(event: ExecutorEvent): CliPlanEvent | undefined {
  switch (event.type) {
    case 'step-start':
      return { type: 'step-start', stepId: event.stepId, modelId: event.modelId };
    case 'step-retry':
      return {
        type: 'step-retry',
        stepId: event.stepId,
        modelId: event.modelId,
        attempt: event.retry + 1,
        delayMs: event.delayMs,
        error: event.error,
      };
    case 'step-escalation':
      return {
        type: 'step-escalate',
        stepId: event.escalation.stepId,
        fromModelId: event.escalation.fromModel,
        toModelId: event.escalation.toModel,
        reason: `${event.escalation.reason}: ${event.escalation.detail}`,
      };
    case 'step-finish':
      return {
        type: 'step-finish',
        stepId: event.result.stepId,
        modelId: event.result.modelId,
        success: event.result.success,
        cost: event.result.cost,
        ...(event.result.error === undefined ? {} : { error: event.result.error }),
      };
    case 'step-skip':
      return { type: 'step-skip', stepId: event.stepId, reason: event.reason };
    default:
      return undefined;
  }
}
