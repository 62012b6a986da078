import type { LogLevel } from '@tokenwise/core';
import { redactErrorMessage } from '@tokenwise/ledger';
import type { CallRecord, TaskRecord } from '@tokenwise/spec';
import { toDecimalString } from '@tokenwise/spec';
import { type DestinationStream, type Logger, pino } from 'pino';

/** Options of {@link createRequestLogger}. */
export interface RequestLoggerOptions {
  /** `TOKENWISE_LOG_LEVEL` (default `info`). */
  level?: LogLevel;
  /** Where lines go (default: standard output; see `openLogDestination` for a pretty terminal). */
  destination?: DestinationStream;
}

/** A record consumer that writes the structured log lines of a server. */
export interface RequestLogger {
  /** Writes one line per request record (info, or warn/error when it failed), attempts at debug, tasks at info. */
  onRecord(record: CallRecord | TaskRecord): void;
  /** The pino logger, for start-up and other lines. */
  readonly logger: Logger;
}

/**
 * Creates the request logger of `tokenwise serve` and `apps/proxy`: one JSON line per request with request id,
 * door, key id and team (never a secret), model asked and used, status, outcome, attempts, tokens, exact cost
 * and duration. Built from ledger records, so every door and both servers log the same lines.
 */
export function createRequestLogger(options: RequestLoggerOptions = {}): RequestLogger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'tokenwise' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
  return {
    logger,
    onRecord(record) {
      if (record.kind === 'task') {
        logger.info(
          {
            taskId: record.taskId,
            source: record.source,
            success: record.success,
            attempts: record.entries.length,
            cost: toDecimalString(record.totalCost),
          },
          'task',
        );
        return;
      }
      if (record.kind === 'attempt') {
        if (!logger.isLevelEnabled('debug')) return;
        logger.debug(
          {
            requestId: record.requestId,
            attempt: record.attempt,
            attemptKind: record.attemptKind,
            model: record.modelId,
            provider: record.providerId,
            outcome: outcomeOf(record),
            status: record.status,
            errorCode: record.errorCode,
            cost: toDecimalString(record.cost),
            durationMs: record.latencyMs,
          },
          'attempt',
        );
        return;
      }
      const outcome = outcomeOf(record);
      const fields = {
        requestId: record.requestId,
        door: record.door,
        keyId: record.keyId,
        teamId: record.teamId,
        modelAsked: record.modelAsked,
        model: record.modelsTried?.length === 0 ? undefined : record.modelId,
        strategy: record.strategy,
        status: record.status,
        outcome,
        attempts: record.modelsTried?.length,
        modelsTried: record.modelsTried,
        inputTokens: record.inputTokens,
        outputTokens: record.outputTokens,
        cost: toDecimalString(record.cost),
        durationMs: record.latencyMs,
        errorCode: record.errorCode,
        // Stored messages are redacted already; this is a second guard for records made elsewhere.
        error: record.errorMessage === undefined ? undefined : redactErrorMessage(record.errorMessage),
      };
      if (outcome === 'ok') logger.info(fields, 'request');
      else if (outcome === 'cancelled' || outcome === 'refused' || (record.status ?? 500) < 500) {
        logger.warn(fields, 'request');
      } else logger.error(fields, 'request');
    },
  };
}

function outcomeOf(record: CallRecord): string {
  return record.outcome ?? (record.success ? 'ok' : 'error');
}

/**
 * Standard output for log lines: `pino-pretty` on a terminal (when `pretty` and the package loads), plain JSON
 * lines otherwise (pipes, files, containers).
 */
export async function openLogDestination(options: { pretty: boolean }): Promise<DestinationStream> {
  if (options.pretty) {
    try {
      const { default: pretty } = await import('pino-pretty');
      return pretty({
        colorize: true,
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
      });
    } catch {
      // Not installed (a trimmed image): JSON lines are as correct, only less easy to read.
    }
  }
  return pino.destination({ fd: 1, sync: false });
}
