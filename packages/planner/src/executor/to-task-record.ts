import type { TaskEscalation, TaskRecord, TaskRoutingTrace } from '@tokenwise/spec';
import { toEscalationReasonCode } from '@tokenwise/spec';
import type { AttemptEntry, EscalationRecord, PlanResult, RoutingTrace } from '../types/plan-result.js';

/** Options of {@link toTaskRecord}. */
export interface TaskRecordOptions {
  source?: string;
  taskId?: string;
  /** ISO 8601 time of the record; now by default (the ledger writes it in the original's form). */
  timestamp?: string;
  /** The planner's attempts (collected with the planner's `onAttempt`), kept as the task's first entries. */
  plannerEntries?: AttemptEntry[];
  /** `TOKENWISE_TRACE_LEVEL`, recorded in the trace only (as in the original); `basic` by default. */
  traceLevel?: TaskRoutingTrace['traceLevel'];
}

/**
 * The ledger's task record for a run (structurally `@tokenwise/ledger`'s `TaskRecord`), ready for
 * `store.append`. Pass the planner's attempts as `plannerEntries` to keep them as entries; otherwise the planner
 * cost is carried as `plannerCost` alone.
 */
export function toTaskRecord(result: PlanResult, meta: TaskRecordOptions = {}): TaskRecord {
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
    routingTrace: toTaskRoutingTrace(result.trace, meta.traceLevel ?? 'basic'),
  };
  if (meta.source !== undefined) record.source = meta.source;
  if (meta.taskId !== undefined) record.taskId = meta.taskId;
  return record;
}

/** The run's trace in the original's terms: a model of unknown tier counts as `budget`, as there. */
function toTaskRoutingTrace(
  trace: RoutingTrace,
  traceLevel: TaskRoutingTrace['traceLevel'],
): TaskRoutingTrace {
  return {
    requestId: trace.requestId,
    initialModel: trace.initialModel,
    initialTier: trace.initialTier ?? 'budget',
    escalationPolicy: trace.escalationPolicy,
    escalations: trace.escalations.map(toTaskEscalation),
    finalModel: trace.finalModel,
    finalTier: trace.finalTier ?? 'budget',
    terminationState: trace.terminationState,
    budgetUsed: trace.budgetUsed,
    budgetRemaining: trace.budgetRemaining,
    traceLevel,
  };
}

function toTaskEscalation(escalation: EscalationRecord): TaskEscalation {
  return {
    fromModel: escalation.fromModel,
    fromTier: escalation.fromTier,
    toModel: escalation.toModel,
    toTier: escalation.toTier,
    reasonCode: toEscalationReasonCode(escalation.reason),
    stepId: escalation.stepId,
    triggerScore: null,
    thresholdValue: null,
    reason: escalation.reason,
    detail: escalation.detail,
  };
}
