import type { TaskRecord } from '@tokenwise/spec';
import { toDecimalString } from '@tokenwise/spec';
import type { AttemptEntry, PlanResult } from '../types/plan-result.js';

/**
 * The ledger's task record for a run (structurally `@tokenwise/ledger`'s `TaskRecord`), ready for
 * `store.append`. Pass the planner's attempts (collected with the planner's `onAttempt`) as `plannerEntries`
 * to keep them as entries; otherwise the planner cost is carried as `plannerCost` alone.
 */
export function toTaskRecord(
  result: PlanResult,
  meta: { source?: string; taskId?: string; timestamp?: string; plannerEntries?: AttemptEntry[] } = {},
): TaskRecord {
  const plannerEntries = meta.plannerEntries ?? [];
  let plannerWasted = 0n;
  for (const entry of plannerEntries) if (!entry.success) plannerWasted += entry.cost;
  const record: TaskRecord = {
    kind: 'task',
    timestamp: meta.timestamp ?? new Date().toISOString(),
    task: result.task,
    budget: result.budget,
    success: result.success,
    totalCost: result.totalCost,
    plannerCost: result.plannerCost,
    wastedCost: result.wastedCost + plannerWasted,
    entries: [...plannerEntries, ...result.ledger.entries],
    routingTrace: traceJson(result),
  };
  if (meta.source !== undefined) record.source = meta.source;
  if (meta.taskId !== undefined) record.taskId = meta.taskId;
  return record;
}

/** The trace with money as USD decimal strings, so the record serialises as plain JSON. */
function traceJson(result: PlanResult): unknown {
  const { trace } = result;
  return {
    ...trace,
    budgetUsed: toDecimalString(trace.budgetUsed),
    budgetRemaining: toDecimalString(trace.budgetRemaining),
  };
}
