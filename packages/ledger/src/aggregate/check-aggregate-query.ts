import type { AggregateBucket, LedgerAggregateQuery } from '@tokenwise/spec';
import { InvalidArgumentError } from '@tokenwise/spec';
import { timestampMs } from '../summarize-records.js';

/** A {@link LedgerAggregateQuery} checked and reduced to plain values. */
export interface CheckedAggregateQuery {
  /** Epoch ms, inclusive; undefined for no lower bound. */
  sinceMs: number | undefined;
  /** Epoch ms, exclusive; undefined for no upper bound. */
  untilMs: number | undefined;
  bucket: AggregateBucket;
  keyId: string | undefined;
  teamId: string | undefined;
  modelId: string | undefined;
  top: number;
}

/** Most traced requests one query may ask for. */
export const MAX_TOP_REQUESTS = 100;

/** Validates a query; an unreadable time, an unknown bucket or a bad `top` is an `InvalidArgumentError`. */
export function checkAggregateQuery(query: LedgerAggregateQuery = {}): CheckedAggregateQuery {
  const sinceMs = instant('since', query.since);
  const untilMs = instant('until', query.until);
  if (sinceMs !== undefined && untilMs !== undefined && untilMs < sinceMs) {
    throw new InvalidArgumentError({
      argument: 'until',
      message: `Invalid range: "until" (${String(query.until)}) is before "since" (${String(query.since)}).`,
    });
  }
  const bucket = query.bucket ?? 'day';
  if (bucket !== 'hour' && bucket !== 'day') {
    throw new InvalidArgumentError({
      argument: 'bucket',
      message: `Invalid bucket "${String(bucket)}": expected hour or day.`,
    });
  }
  const top = query.top ?? 10;
  if (!Number.isSafeInteger(top) || top < 0 || top > MAX_TOP_REQUESTS) {
    throw new InvalidArgumentError({
      argument: 'top',
      message: `Invalid top ${String(top)}: expected a whole number from 0 to ${MAX_TOP_REQUESTS}.`,
    });
  }
  return {
    sinceMs,
    untilMs,
    bucket,
    keyId: nonEmpty(query.keyId),
    teamId: nonEmpty(query.teamId),
    modelId: nonEmpty(query.modelId),
    top,
  };
}

function instant(name: 'since' | 'until', value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : timestampMs(value);
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError({
      argument: name,
      message: `Invalid "${name}" ${String(value)}: expected an ISO 8601 time such as 2026-12-01T00:00:00Z.`,
    });
  }
  return ms;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
