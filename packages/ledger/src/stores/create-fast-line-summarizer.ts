import type { FastEntries, FastSummaryAccumulator } from '../summarize-records.js';
import { timestampMs } from '../summarize-records.js';

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

// The JSON grammar pieces the writer's lines are made of. A line these patterns accept is valid JSON with the
// keys in the writer's fixed order (so no key is repeated) and every field of the type the record schema's fast
// check wants; its values decode exactly as JSON.parse decodes them.
/** A JSON string (quotes included), escapes allowed. */
const STR = String.raw`"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"`;
/** The same, captured without its quotes. */
const STR_CAPTURE = String.raw`"((?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"`;
/** A JSON number that is certainly finite (at most 21 whole digits and a two-digit exponent). */
const NUM = String.raw`-?(?:0|[1-9]\d{0,20})(?:\.\d+)?(?:[eE][+-]?\d{1,2})?`;
/** A finite number, 0 or more. */
const NON_NEGATIVE = String.raw`(?:0|[1-9]\d{0,20})(?:\.\d+)?(?:[eE][+-]?\d{1,2})?`;
/** A whole count that is a safe integer (15 digits at most). */
const COUNT = String.raw`(?:0|[1-9]\d{0,14})`;
/** An exact decimal string as the schema accepts it. */
const EXACT = String.raw`"\d+(?:\.\d{0,12})?"`;
/** An exact decimal string below 1000 USD, captured: its pico amount is a safe integer. */
const SMALL_EXACT_CAPTURE = String.raw`"(\d{1,3}(?:\.\d{0,12})?)"`;
const FLAG = '(?:true|false)';
/**
 * Separators of a line: call lines are compact (`JSON.stringify`); task lines use Python's `json.dumps`
 * defaults (`", "` and `": "`), as the original writes them.
 */
interface Separators {
  item: string;
  key: string;
}
const COMPACT: Separators = { item: ',', key: ':' };
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

/** An attempt or request line. Groups: timestamp, kind, source, model id, input, output, success, cost. */
const CALL_LINE =
  `\\{"timestamp":${STR_CAPTURE},"kind":"(attempt|request)","source":${STR_CAPTURE}` +
  optional(COMPACT, 'request_id', STR) +
  `,"reason":${STR},"model_id":${STR_CAPTURE},"input_tokens":(${COUNT}),"output_tokens":(${COUNT})` +
  `,"cost":${NUM},"success":(true|false)` +
  callFieldsTail(COMPACT, SMALL_EXACT_CAPTURE) +
  `(?:,"budget":${NUM},"budget_usd":${EXACT})?` +
  optional(COMPACT, 'attempt', COUNT) +
  optional(COMPACT, 'models_tried', `\\[(?:${STR}(?:,${STR})*)?\\]`) +
  '\\}';

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
  const callLine = new RegExp(CALL_LINE, 'y');
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
    // `{"timestamp":"` then `kind` right after the timestamp for calls, `task` for tasks.
    callLine.lastIndex = start;
    const call = callLine.exec(text);
    if (call !== null) {
      if (callLine.lastIndex !== stop) return false;
      const timestamp = jsonText(call[1]!);
      if (!isSince(timestamp, sinceMs)) return true;
      accumulator.addCall(
        call[2] as 'attempt' | 'request',
        timestamp,
        jsonText(call[3]!),
        jsonText(call[4]!),
        picoOf(call[8]!),
        call[7] === 'true',
        Number(call[5]),
        Number(call[6]),
      );
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

/** The value of a JSON string's inside (already checked by the patterns). */
function jsonText(inside: string): string {
  return inside.includes('\\') ? (JSON.parse(`"${inside}"`) as string) : inside;
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
