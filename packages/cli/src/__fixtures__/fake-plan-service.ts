import { createCostLedger } from '@tokenwise/ledger';
import { usd } from '@tokenwise/spec';
import type { CliPlan, CliPlanEvent, CliPlanResult, PlanService } from '../plan/plan-service.js';

/** Options of {@link createFakePlanService}. */
export interface FakePlanOptions {
  steps?: CliPlan['steps'];
  /** How the run ends: every step succeeds, step 2 fails, or the caller's signal aborts it. */
  outcome?: 'success' | 'failure' | 'abort-aware';
  source?: CliPlan['source'];
}

/** A scripted planner/executor: the plan command is tested without providers. */
export function createFakePlanService(options: FakePlanOptions = {}) {
  const steps = options.steps ?? [
    { id: 1, description: 'Write the handler', modelId: 'test/cheap-model', estimatedCost: usd('0.001'), dependsOn: [] },
    { id: 2, description: 'Write the tests', modelId: 'test/cheap-model', estimatedCost: usd('0.002'), dependsOn: [] },
    { id: 3, description: 'Review both', modelId: 'test/mid-model', estimatedCost: usd('0.003'), dependsOn: [1, 2] },
  ];
  const seen = { planCalls: 0, executeCalls: 0, concurrency: 0 };
  const service: PlanService = {
    async plan(task, { budget }) {
      seen.planCalls++;
      return {
        task,
        budget,
        source: options.source ?? 'llm',
        ...(options.source === 'fallback' ? { error: 'planner answered no JSON' } : {}),
        estimatedCost: steps.reduce((sum, step) => sum + step.estimatedCost, 0n),
        plannerCost: usd('0.0005'),
        withinBudget: steps.reduce((sum, step) => sum + step.estimatedCost, 0n) + usd('0.0005') <= budget,
        steps,
      };
    },
    async execute(plan, { concurrency, signal, onEvent }) {
      seen.executeCalls++;
      seen.concurrency = concurrency;
      const ledger = createCostLedger();
      ledger.add({ reason: 'planner', modelId: 'test/cheap-model', inputTokens: 50, outputTokens: 80, cost: plan.plannerCost });
      const results: CliPlanResult['steps'] = [];
      const skipped: CliPlanResult['skipped'] = [];
      let aborted = false;
      for (const step of plan.steps) {
        if (options.outcome === 'abort-aware') {
          // Wait for the caller's Ctrl-C, then stop like the real executor: resolve with `aborted`.
          if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          aborted = true;
        }
        if (aborted) {
          const event: CliPlanEvent = { type: 'step-skip', stepId: step.id, reason: 'cancelled' };
          onEvent(event);
          skipped.push({ id: step.id, description: step.description, reason: 'cancelled' });
          continue;
        }
        onEvent({ type: 'step-start', stepId: step.id, modelId: step.modelId });
        const fails = options.outcome === 'failure' && step.id === 2;
        if (fails) {
          onEvent({ type: 'step-retry', stepId: step.id, modelId: step.modelId, attempt: 2, delayMs: 500, error: 'HTTP 503' });
          onEvent({ type: 'step-escalate', stepId: step.id, fromModelId: step.modelId, toModelId: 'test/mid-model', reason: 'model_error: HTTP 503' });
        }
        const cost = step.estimatedCost;
        ledger.add({
          reason: `step ${step.id} attempt 1`,
          modelId: step.modelId,
          inputTokens: 100,
          outputTokens: 200,
          cost,
          success: !fails,
          ...(fails ? { errorMessage: 'HTTP 503' } : {}),
        });
        onEvent({ type: 'step-finish', stepId: step.id, modelId: step.modelId, success: !fails, cost, ...(fails ? { error: 'HTTP 503' } : {}) });
        results.push({
          id: step.id,
          modelId: step.modelId,
          success: !fails,
          cost,
          escalated: fails,
          output: fails ? '' : `output of step ${step.id}`,
          ...(fails ? { error: 'HTTP 503' } : {}),
        });
      }
      const success = !aborted && results.every((result) => result.success);
      const state = aborted ? 'aborted' : success ? 'completed' : 'failed';
      return {
        success,
        totalCost: ledger.totalCost,
        wastedCost: ledger.wastedCost,
        budgetRemaining: plan.budget - ledger.totalCost,
        finalOutput: success ? `output of step ${plan.steps.at(-1)!.id}` : '',
        steps: results,
        skipped,
        attempts: ledger.entries.map((entry) => ({
          reason: entry.reason,
          modelId: entry.modelId,
          inputTokens: entry.inputTokens,
          outputTokens: entry.outputTokens,
          cost: entry.cost,
          success: entry.success,
        })),
        trace: {
          requestId: 'abc123def456',
          initialModel: { id: 'test/cheap-model', tier: 'budget' },
          finalModel: { id: 'test/mid-model', tier: 'mid' },
          terminationState: state,
          escalations: options.outcome === 'failure' ? [{ stepId: 2, from: 'test/cheap-model (budget)', to: 'test/mid-model (mid)', reason: 'model_error: HTTP 503' }] : [],
        },
        record: ledger.toRecord({ task: plan.task, success, budget: plan.budget, source: 'cli' }),
      };
    },
  };
  return { service, seen };
}
