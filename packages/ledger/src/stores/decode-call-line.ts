import { type CallRecord, COST_SOURCES } from '@tokenwise/spec';
import { parseUsd } from '../parse-usd.js';
import { COUNT, EXACT, FLAG, jsonText, NON_NEGATIVE, NUM, STR, STR_CAPTURE } from './json-line-patterns.js';

const EXACT_CAPTURE = `(${EXACT})`;
const TEXT_OR_NULL = `(${STR}|null)`;
const field = (key: string, value: string) => `,"${key}":${value}`;
const optional = (key: string, value: string) => `(?:${field(key, value)})?`;
/** A float written beside its exact decimal (`"cost":…,"cost_usd":"…"`): only the decimal is kept. */
const money = (key: string) => `(?:${field(key, NUM)}${field(`${key}_usd`, EXACT_CAPTURE)})?`;

/**
 * An attempt or request line exactly as the writer produces it (`JSON.stringify` of `callJson`: keys in its
 * order, every field of the type the record schema's fast check wants). 35 groups, in order.
 */
const CALL_LINE = new RegExp(
  `\\{"timestamp":${STR_CAPTURE},"kind":"(attempt|request)","source":${STR_CAPTURE}` +
    optional('request_id', STR_CAPTURE) +
    field('reason', STR_CAPTURE) +
    field('model_id', STR_CAPTURE) +
    field('input_tokens', `(${COUNT})`) +
    field('output_tokens', `(${COUNT})`) +
    field('cost', NUM) +
    field('success', `(${FLAG})`) +
    field('cost_usd', EXACT_CAPTURE) +
    optional('provider', TEXT_OR_NULL) +
    optional('cached_tokens', `(${COUNT})`) +
    optional('reasoning_tokens', `(${COUNT})`) +
    money('estimated_cost') +
    optional('usage_estimated', `(${FLAG})`) +
    optional('error_class', STR_CAPTURE) +
    optional('error_message', STR_CAPTURE) +
    optional('latency_ms', `(${NON_NEGATIVE})`) +
    money('budget') +
    optional('attempt', `(${COUNT})`) +
    optional('models_tried', `(\\[(?:${STR}(?:,${STR})*)?\\])`) +
    optional('outcome', '"(ok|error|refused|cancelled|timeout|cut)"') +
    optional('door', STR_CAPTURE) +
    optional('key_id', STR_CAPTURE) +
    optional('team_id', STR_CAPTURE) +
    optional('strategy', STR_CAPTURE) +
    optional('model_asked', STR_CAPTURE) +
    optional('status', `(${COUNT})`) +
    optional('error_code', STR_CAPTURE) +
    optional('attempt_kind', '"(first|retry|failover|escalation)"') +
    optional('called', `(${FLAG})`) +
    optional('cost_source', `"(${COST_SOURCES.join('|')})"`) +
    optional('finish_reason', STR_CAPTURE) +
    money('reserved') +
    money('overrun') +
    '\\}',
  'y',
);

/**
 * Decodes one attempt or request line (`text[start, stop)`) without `JSON.parse` when it has exactly the shape the
 * writer produces; the record equals what `JSON.parse` and `decodeLedgerRecord` give for it. Returns `undefined` for
 * any other line (a task, a Python line, an older or hand-edited one), which the caller decodes the reference way.
 * Reading a large proxy ledger is mostly this.
 */
export function decodeCallLine(text: string, start: number, stop: number): CallRecord | undefined {
  if (text.charCodeAt(start + 2) !== 116 /* t of "timestamp" */) return undefined;
  CALL_LINE.lastIndex = start;
  const m = CALL_LINE.exec(text);
  if (m === null || CALL_LINE.lastIndex !== stop) return undefined;
  const provider = m[11];
  return {
    kind: m[2] as 'attempt' | 'request',
    timestamp: jsonText(m[1]!),
    source: jsonText(m[3]!),
    requestId: optionalText(m[4]),
    reason: jsonText(m[5]!),
    modelId: jsonText(m[6]!),
    providerId: provider === undefined || provider === 'null' ? undefined : jsonText(provider.slice(1, -1)),
    inputTokens: Number(m[7]),
    outputTokens: Number(m[8]),
    cachedInputTokens: optionalNumber(m[12]),
    reasoningTokens: optionalNumber(m[13]),
    cost: exact(m[10]!),
    estimatedCost: optionalExact(m[14]),
    usageEstimated: optionalFlag(m[15]),
    success: m[9] === 'true',
    errorClass: optionalText(m[16]),
    errorMessage: optionalText(m[17]),
    latencyMs: optionalNumber(m[18]),
    budget: optionalExact(m[19]),
    attempt: optionalNumber(m[20]),
    modelsTried: m[21] === undefined ? undefined : (JSON.parse(m[21]) as string[]),
    outcome: m[22] as CallRecord['outcome'],
    door: optionalText(m[23]),
    keyId: optionalText(m[24]),
    teamId: optionalText(m[25]),
    strategy: optionalText(m[26]),
    modelAsked: optionalText(m[27]),
    status: optionalNumber(m[28]),
    errorCode: optionalText(m[29]),
    attemptKind: m[30] as CallRecord['attemptKind'],
    called: optionalFlag(m[31]),
    costSource: m[32] as CallRecord['costSource'],
    finishReason: optionalText(m[33]),
    reserved: optionalExact(m[34]),
    overrun: optionalExact(m[35]),
  };
}

const exact = (quoted: string) => parseUsd(quoted.slice(1, -1));
const optionalExact = (quoted: string | undefined) => (quoted === undefined ? undefined : exact(quoted));
const optionalText = (inside: string | undefined) => (inside === undefined ? undefined : jsonText(inside));
const optionalNumber = (digits: string | undefined) => (digits === undefined ? undefined : Number(digits));
const optionalFlag = (flag: string | undefined) => (flag === undefined ? undefined : flag === 'true');
