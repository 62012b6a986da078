import type { FastEntries, FastSummaryAccumulator } from '../summarize-records.js';
import { timestampMs } from '../summarize-records.js';
import { decodeCallLine } from './decode-call-line.js';
import {
  COUNT,
  EXACT,
  FLAG,
  jsonText,
  NON_NEGATIVE,
  NUM,
  SMALL_EXACT_CAPTURE,
  STR,
  STR_CAPTURE,
} from './json-line-patterns.js';

/**
 * Adds one line of a ledger file (`text[start, stop)`, no newline) to a summary without `JSON.parse`, when the
 * line has exactly the shape this package's writer produces. Returns false for any other line; the caller then
 * runs the reference path (`JSON.parse` and `decodeLedgerRecord`) on it, which also decides whether the line is
 * skipped.
 */
export type FastLineSummarizer = (
  text: string,
  start: number,
  stop: number,
  sinceMs: number | undefined,
) => boolean;

/** Separators of a line: task lines use Python's `json.dumps` defaults (`", "` and `": "`), as the original. */
interface Separators {
  item: string;
  key: string;
}
const PYTHON: Separators = { item: ', ', key: ': ' };

/** `,"key":value` with the given separators. */
const field = (s: Separators, key: string, value: string) => `${s.item}"${key}"${s.key}${value}`;
const optional = (s: Separators, key: string, value: string) => `(?:${field(s, key, value)})?`;

/** The call fields after `success`, in the writer's order (`addCallFields`), all optional but `cost_usd`. */
function callFieldsTail(s: Separators, costUsd: string): string {
  return (
    field(s, 'cost_usd', costUsd) +
    optional(s, 'provider', `(?:${STR}|null)`) +
    optional(s, 'cached_tokens', COUNT) +
    optional(s, 'reasoning_tokens', COUNT) +
    `(?:${field(s, 'estimated_cost', NUM)}${field(s, 'estimated_cost_usd', EXACT)})?` +
    optional(s, 'usage_estimated', FLAG) +
    optional(s, 'error_class', STR) +
    optional(s, 'error_message', STR) +
    optional(s, 'latency_ms', NON_NEGATIVE)
  );
}

/** One task entry (Python separators). Groups: model id, input, output, success, cost. */
const ENTRY =
  `\\{"reason": ${STR}, "model_id": ${STR_CAPTURE}, "input_tokens": (${COUNT}), "output_tokens": (${COUNT})` +
  `, "cost": ${NUM}, "success": (true|false)` +
  callFieldsTail(PYTHON, SMALL_EXACT_CAPTURE) +
  optional(PYTHON, 'timestamp', STR) +
  '\\}';
const ENTRY_UNCAPTURED = ENTRY.replace(/\((?!\?)/g, '(?:');

/**
 * A task line, as the writer produces it in the original's form. Groups: timestamp, success, entries, routing
 * trace, source, total, planner, wasted. The trace is the shortest text before `, "kind": "task"` that lets the
 * rest of the line match; the line is only taken when that text is one whole JSON value.
 */
const TASK_LINE =
  `\\{"timestamp": ${STR_CAPTURE}, "task": ${STR}` +
  optional(PYTHON, 'budget', NUM) +
  `, "success": (true|false), "total_cost": ${NUM}, "planner_cost": ${NUM}, "wasted_cost": ${NUM}` +
  `, "entries": (\\[(?:${ENTRY_UNCAPTURED}(?:, ${ENTRY_UNCAPTURED})*)?\\])` +
  // The routing trace is opaque JSON of any depth: captured here, then checked with JSON.parse on its own.
  '(?:, "routing_trace": (.+?))?, "kind": "task"' +
  optional(PYTHON, 'source', STR_CAPTURE) +
  optional(PYTHON, 'task_id', STR) +
  optional(PYTHON, 'budget_usd', EXACT) +
  `, "total_cost_usd": ${SMALL_EXACT_CAPTURE}, "planner_cost_usd": ${SMALL_EXACT_CAPTURE}` +
  `, "wasted_cost_usd": ${SMALL_EXACT_CAPTURE}\\}`;

const PICO_SCALE = [1e12, 1e11, 1e10, 1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 1e1, 1] as const;

/** Creates a {@link FastLineSummarizer} that adds to `accumulator`. */
export function createFastLineSummarizer(accumulator: FastSummaryAccumulator): FastLineSummarizer {
  // Sticky patterns match at `lastIndex` only; they live here, not at module level, because they have state.
  const taskLine = new RegExp(TASK_LINE, 'y');
  const entry = new RegExp(`(?:, )?${ENTRY}`, 'y');
  const entries: FastEntries = {
    length: 0,
    modelIds: [],
    costs: [],
    successes: [],
    inputTokens: [],
    outputTokens: [],
  };

  const addTask = (match: RegExpExecArray, sinceMs: number | undefined): boolean => {
    const trace = match[4];
    if (trace !== undefined && !isJsonValue(trace)) return false;
    const timestamp = jsonText(match[1]!);
    if (!isSince(timestamp, sinceMs)) return true;
    const list = match[3]!;
    entries.length = 0;
    entry.lastIndex = 1;
    for (let found = entry.exec(list); found !== null; found = entry.exec(list)) {
      const n = entries.length++;
      entries.modelIds[n] = jsonText(found[1]!);
      entries.inputTokens[n] = Number(found[2]);
      entries.outputTokens[n] = Number(found[3]);
      entries.successes[n] = found[4] === 'true';
      entries.costs[n] = picoOf(found[5]!);
    }
    accumulator.addTask(
      timestamp,
      match[5] === undefined ? 'cli' : jsonText(match[5]),
      match[2] === 'true',
      picoOf(match[6]!),
      picoOf(match[7]!),
      picoOf(match[8]!),
      entries,
    );
    return true;
  };

  return (text, start, stop, sinceMs) => {
    // Attempt and request lines (compact JSON) are decoded in place; task lines are matched below.
    const call = decodeCallLine(text, start, stop);
    if (call !== undefined) {
      if (!isSince(call.timestamp, sinceMs)) return true;
      // Amounts below ~9,007 USD sum as numbers (exact safe integers); larger ones as bigints.
      const cost = Number(call.cost);
      // Unpriced attempts (rare) take the record path, which counts them.
      if (!Number.isSafeInteger(cost) || call.costSource === 'unpriced') accumulator.add(call);
      else {
        const { kind, timestamp, source, modelId, success, inputTokens, outputTokens } = call;
        accumulator.addCall(kind, timestamp, source, modelId, cost, success, inputTokens, outputTokens);
      }
      return true;
    }
    taskLine.lastIndex = start;
    const task = taskLine.exec(text);
    if (task === null || taskLine.lastIndex !== stop) return false;
    return addTask(task, sinceMs);
  };
}

/** True when `text` is exactly one JSON value (whitespace around it allowed, as inside an object). */
function isJsonValue(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isSince(timestamp: string, sinceMs: number | undefined): boolean {
  if (sinceMs === undefined) return true;
  const ms = timestampMs(timestamp);
  return !Number.isNaN(ms) && ms >= sinceMs;
}

/** The pico amount of a decimal below 1000 with at most 12 decimals (checked by the patterns): a safe integer. */
function picoOf(decimal: string): number {
  const dot = decimal.indexOf('.');
  if (dot === -1) return Number(decimal) * 1e12;
  const fraction = decimal.length - dot - 1;
  const whole = Number(decimal.slice(0, dot)) * 1e12;
  return fraction === 0 ? whole : whole + Number(decimal.slice(dot + 1)) * PICO_SCALE[fraction]!;
}
