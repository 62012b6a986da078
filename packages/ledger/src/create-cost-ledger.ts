import type { LedgerEntry, LedgerSource, TaskRecord, TaskRoutingTrace } from '@tokenwise/spec';
import { InvalidArgumentError, type PicoUsd } from '@tokenwise/spec';
import { pythonTimestamp } from './python/python-timestamp.js';
import { redactErrorMessage } from './redact-error-message.js';

/** What {@link CostLedger.add} takes: token counts default to 0 and `success` to true. */
export type LedgerEntryInput = Omit<LedgerEntry, 'inputTokens' | 'outputTokens' | 'success'> & {
  inputTokens?: number;
  outputTokens?: number;
  success?: boolean;
};

/** Task facts that {@link CostLedger.toRecord} adds to the ledger's entries. */
export interface TaskRecordMeta {
  task: string;
  success: boolean;
  budget?: PicoUsd;
  source?: LedgerSource;
  taskId?: string;
  /**
   * Planner spend that was NOT added as an entry (the original's `planner_cost` argument). Planner calls added
   * with reason `planner` are counted already; never pass them here too.
   */
  plannerCost?: PicoUsd;
  routingTrace?: TaskRoutingTrace;
  /** ISO 8601 time of the record; now by default, in the original's form (`…T16:47:05.123000+00:00`). */
  timestamp?: string;
}

/** The reason of planner calls; their cost is reported as planner spend. */
export const PLANNER_REASON = 'planner';

/**
 * In-memory record of one task's LLM attempts (the original's `CostLedger`): every attempt, with exact totals.
 */
export interface CostLedger {
  /** Records one attempt; the error message is redacted. Returns the stored entry. */
  add(entry: LedgerEntryInput): LedgerEntry;
  /** Every attempt, in the order added. */
  readonly entries: readonly LedgerEntry[];
  /** Sum of every entry's cost. */
  readonly totalCost: PicoUsd;
  /** Sum of the cost of failed entries: what failed calls really cost. */
  readonly wastedCost: PicoUsd;
  /** Sum of the cost of entries with reason `planner`. */
  readonly plannerCost: PicoUsd;
  /** The task record to append to a store (the original's `LedgerStore.save` shape). */
  toRecord(meta: TaskRecordMeta): TaskRecord;
}

/** Creates an empty in-memory cost ledger. */
export function createCostLedger(): CostLedger {
  const entries: LedgerEntry[] = [];
  let total = 0n;
  let wasted = 0n;
  let planner = 0n;

  return {
    add(input) {
      const entry = normalizeEntry(input);
      entries.push(entry);
      total += entry.cost;
      if (!entry.success) wasted += entry.cost;
      if (entry.reason === PLANNER_REASON) planner += entry.cost;
      return entry;
    },
    get entries() {
      return entries;
    },
    get totalCost() {
      return total;
    },
    get wastedCost() {
      return wasted;
    },
    get plannerCost() {
      return planner;
    },
    toRecord(meta) {
      const extraPlanner = meta.plannerCost ?? 0n;
      checkCost('plannerCost', extraPlanner);
      const record: TaskRecord = {
        kind: 'task',
        timestamp: meta.timestamp ?? pythonTimestamp(),
        task: meta.task,
        success: meta.success,
        totalCost: total + extraPlanner,
        plannerCost: planner + extraPlanner,
        wastedCost: wasted,
        entries: entries.map((entry) => ({ ...entry })),
      };
      if (meta.budget !== undefined) record.budget = meta.budget;
      if (meta.source !== undefined) record.source = meta.source;
      if (meta.taskId !== undefined) record.taskId = meta.taskId;
      if (meta.routingTrace !== undefined) record.routingTrace = meta.routingTrace;
      return record;
    },
  };
}

function normalizeEntry(input: LedgerEntryInput): LedgerEntry {
  checkCost('cost', input.cost);
  if (input.estimatedCost !== undefined) checkCost('estimatedCost', input.estimatedCost);
  const entry: LedgerEntry = {
    ...input,
    inputTokens: checkTokens('inputTokens', input.inputTokens ?? 0),
    outputTokens: checkTokens('outputTokens', input.outputTokens ?? 0),
    success: input.success ?? true,
  };
  if (input.cachedInputTokens !== undefined) checkTokens('cachedInputTokens', input.cachedInputTokens);
  if (input.reasoningTokens !== undefined) checkTokens('reasoningTokens', input.reasoningTokens);
  if (entry.errorMessage !== undefined) entry.errorMessage = redactErrorMessage(entry.errorMessage);
  return entry;
}

function checkCost(argument: string, value: PicoUsd): void {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new InvalidArgumentError({
      argument,
      message: `Invalid ${argument} ${String(value)}: expected a non-negative PicoUsd bigint (use usd("0.01")).`,
    });
  }
}

function checkTokens(argument: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError({
      argument,
      message: `Invalid ${argument} ${value}: expected a non-negative integer token count.`,
    });
  }
  return value;
}
