import { InvalidResponseDataError, type ModelInfo, type Pricing, toUsdNumber, usd } from '@tokenwise/spec';
import * as v from 'valibot';
import { createModelClassifier, type ModelClassifier } from './classify-model.js';

/** A catalog entry the parser left out, and why. */
export interface SkippedModel {
  id?: string;
  reason: string;
}

/** Result of {@link parseOpenRouterModels}. */
export interface ParsedCatalog {
  models: ModelInfo[];
  skipped: SkippedModel[];
}

// Only the envelope is checked with valibot. Entries are read by hand (measured: a valibot object schema per
// entry took 5 of the 6 ms of a warm catalog parse): unknown keys are ignored, a wrong-typed optional field
// reads as missing, and only a missing id skips an entry, so one odd entry never fails the catalog.
const BodySchema = v.looseObject({ data: v.array(v.unknown()) });

interface Entry {
  id: string;
  name: string | undefined;
  contextLength: number | undefined;
  inputModalities: string[] | undefined;
  outputModalities: string[] | undefined;
  pricing: Record<string, unknown> | undefined;
  topContextLength: number | undefined;
  maxCompletionTokens: number | undefined;
  supportedParameters: string[] | undefined;
}

// Safety classifiers answer "safe/unsafe", not the prompt: routing a chat to them would be a silent failure.
const CLASSIFIER_IDS = /(?:^|[/-])(?:llama-guard|safeguard|content-safety)(?:[-:]|$)/;

/**
 * Parses OpenRouter's `GET /models` response (`{ data: [...] }`) into models. This one parser reads both the
 * bundled snapshot and the live endpoint, so both give the same models for the same data.
 *
 * Odd cases, each handled per entry (one bad entry never fails the catalog):
 * - Prices are per-token decimal strings; they become USD per million computed exactly from the decimal text.
 * - A price of `"-1"` (router entries such as `openrouter/auto`, priced per routed model), a missing, empty,
 *   non-numeric or negative prompt/completion price → `pricing: undefined` (unknown, never free).
 * - A bad optional price (cache read/write, request fee) is dropped; cost code then uses the input price.
 * - `:free` variants keep their zero prices (routers exclude free models unless asked).
 * - `context_length` null/0 → `top_provider.context_length`; if that is missing too → skipped.
 * - `top_provider.max_completion_tokens` null/0 → `maxOutputTokens: undefined` (unknown).
 * - Missing modality lists are read from the older `modality` string (`text+image->text`).
 * - Output modalities other than text only (image generation, audio output) → skipped: TokenWise routes
 *   text completions. A missing architecture counts as text-in, text-out.
 * - Safety classifiers (llama-guard, gpt-oss-safeguard, content-safety) → skipped: not chat models.
 * - Duplicate ids → the first wins, later ones are skipped.
 * - Entries that are not objects or lack a string id → skipped.
 * @throws InvalidResponseDataError when the body is not an object with a `data` array.
 */
export function parseOpenRouterModels(
  json: unknown,
  classifier: ModelClassifier = defaultClassifier(),
): ParsedCatalog {
  const body = v.safeParse(BodySchema, json);
  if (!body.success) {
    throw new InvalidResponseDataError({
      message: 'The model catalog is not an object with a "data" array (expected OpenRouter\'s GET /models).',
      provider: 'openrouter',
    });
  }
  const models: ModelInfo[] = [];
  const skipped: SkippedModel[] = [];
  const seen = new Set<string>();
  for (const raw of body.output.data) {
    const entry = readEntry(raw);
    if (typeof entry === 'string') {
      skipped.push({ reason: entry });
      continue;
    }
    if (entry.id.trim() === '') {
      skipped.push({ reason: 'empty id' });
      continue;
    }
    if (seen.has(entry.id)) {
      skipped.push({ id: entry.id, reason: 'duplicate id' });
      continue;
    }
    const result = toModelInfo(entry, classifier);
    if (typeof result === 'string') {
      skipped.push({ id: entry.id, reason: result });
      continue;
    }
    seen.add(entry.id);
    models.push(result);
  }
  return { models, skipped };
}

function toModelInfo(entry: Entry, classifier: ModelClassifier): ModelInfo | string {
  const outputs = entry.outputModalities ?? ['text'];
  if (!outputs.includes('text')) return `no text output (outputs: ${outputs.join(', ') || 'none'})`;
  const extra = outputs.filter((modality) => modality !== 'text');
  if (extra.length > 0) return `generates ${extra.join(', ')} (TokenWise routes text-only completions)`;
  if (CLASSIFIER_IDS.test(entry.id.toLowerCase())) return 'safety classifier, not a chat model';

  const contextWindow = positiveInteger(entry.contextLength) ?? positiveInteger(entry.topContextLength);
  if (contextWindow === undefined) return 'no context length';

  const inputModalities = entry.inputModalities ?? ['text'];
  const pricing = parsePricing(entry.pricing);
  const { tier, capabilities } = classifier.classify(entry.id, pricing, inputModalities);
  const slash = entry.id.indexOf('/');
  const vendor = slash > 0 ? entry.id.slice(0, slash) : '';
  return {
    id: entry.id,
    name: entry.name?.trim() || entry.id,
    // `~anthropic/claude-opus-latest` is an OpenRouter alias of an Anthropic model: the vendor is anthropic.
    provider: vendor.startsWith('~') ? vendor.slice(1) : vendor,
    pricing,
    contextWindow,
    maxOutputTokens: positiveInteger(entry.maxCompletionTokens),
    capabilities,
    tier,
    inputModalities,
    supportedParameters: entry.supportedParameters ?? [],
  };
}

function readEntry(raw: unknown): Entry | string {
  if (!isRecord(raw)) return 'entry is not an object';
  if (typeof raw.id !== 'string') return 'entry has no string id';
  const architecture = isRecord(raw.architecture) ? raw.architecture : undefined;
  const topProvider = isRecord(raw.top_provider) ? raw.top_provider : undefined;
  return {
    id: raw.id,
    name: typeof raw.name === 'string' ? raw.name : undefined,
    contextLength: numberOrUndefined(raw.context_length),
    inputModalities: stringsOrUndefined(architecture?.input_modalities) ?? modalitySide(architecture, 0),
    outputModalities: stringsOrUndefined(architecture?.output_modalities) ?? modalitySide(architecture, 1),
    pricing: isRecord(raw.pricing) ? raw.pricing : undefined,
    topContextLength: numberOrUndefined(topProvider?.context_length),
    maxCompletionTokens: numberOrUndefined(topProvider?.max_completion_tokens),
    supportedParameters: stringsOrUndefined(raw.supported_parameters),
  };
}

// Older entries (and the original's fixtures) only have `modality: "text+image->text"`: read its input (0) or
// output (1) side when the modality lists are missing.
function modalitySide(architecture: Record<string, unknown> | undefined, side: 0 | 1): string[] | undefined {
  const modality = architecture?.modality;
  if (typeof modality !== 'string' || !modality.includes('->')) return undefined;
  const part = modality.toLowerCase().split('->')[side]?.trim();
  return part ? part.split('+').map((item) => item.trim()) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

// A list with a non-string item reads as missing (the field's default applies) rather than skipping the model.
function stringsOrUndefined(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const item of value) if (typeof item !== 'string') return undefined;
  return value as string[];
}

function parsePricing(raw: Entry['pricing']): Pricing | undefined {
  if (!raw) return undefined;
  const input = perMillion(raw.prompt);
  const output = perMillion(raw.completion);
  if (input === undefined || output === undefined) return undefined;
  const pricing: Pricing = { inputPerMillion: input, outputPerMillion: output };
  const cacheRead = perMillion(raw.input_cache_read);
  if (cacheRead !== undefined) pricing.cacheReadPerMillion = cacheRead;
  const cacheWrite = perMillion(raw.input_cache_write);
  if (cacheWrite !== undefined) pricing.cacheWritePerMillion = cacheWrite;
  const request = nonNegativeUsd(raw.request);
  if (request !== undefined && request > 0) pricing.perRequest = request;
  return pricing;
}

const DECIMAL = /^\+?(\d*\.?\d*)(?:e([+-]?\d+))?$/i;

/**
 * USD per token (decimal text) → USD per million, exactly: the decimal point moves six places through the
 * exponent, so `"0.0000032"` gives exactly 3.2 and never 3.1999999999999997. Negative (`"-1"`), empty and
 * non-numeric values are unknown.
 */
function perMillion(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  const match = DECIMAL.exec(text);
  const digits = match?.[1];
  if (!match || digits === undefined || digits === '' || digits === '.') return undefined;
  return usdNumber(digits, Number(match[2] ?? '0') + 6);
}

function nonNegativeUsd(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  const match = DECIMAL.exec(text);
  const digits = match?.[1];
  if (!match || digits === undefined || digits === '' || digits === '.') return undefined;
  return usdNumber(digits, Number(match[2] ?? '0'));
}

/**
 * `digits`·10^`exponent` USD as a number, rounded to whole pico-dollars like `usd()`. When that rounding cannot
 * change the value (at most 12 decimals) `Number` of the text is already the exact value's nearest double, the
 * same number the exact path gives, without building a bigint per price (about a thousand per catalog parse).
 */
function usdNumber(digits: string, exponent: number): number {
  const dot = digits.indexOf('.');
  const decimals = dot < 0 ? 0 : digits.length - dot - 1;
  if (digits.length <= 20 && decimals - exponent <= 12) return Number(`${digits}e${exponent}`);
  return toUsdNumber(usd(`${digits}e${exponent}`));
}

function positiveInteger(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

function defaultClassifier(): ModelClassifier {
  return createModelClassifier();
}
