import {
  CAPABILITIES,
  type Capability,
  InvalidArgumentError,
  type ModelInfo,
  TIERS,
  type Tier,
} from '@tokenwise/spec';
import { parse } from 'yaml';
import { createModelClassifier, type ModelClassifier } from '../catalog/classify-model.js';

/** Context window of a local model that does not state one (the original's default). */
export const DEFAULT_LOCAL_CONTEXT_WINDOW = 4096;

/**
 * Parses a local models file in the original TokenWise format (`models: [{ id, name, provider, input_price,
 * output_price, context_window, capabilities, tier, max_output_tokens }]`, prices in USD per million tokens).
 *
 * Defaults for missing fields: `name` = id; `provider` = the id's vendor prefix; `context_window` = 4096;
 * `capabilities` and `tier` = what the curated family table (or the price fallback) says for the id;
 * `max_output_tokens` = unknown. Both prices missing → the model is unpriced (never free; routers skip it
 * unless unpriced models are allowed); one price without the other is an error.
 * @param source The file name (or setting) to name in error messages.
 * @throws InvalidArgumentError naming the file, the entry and the expected form.
 */
export function parseLocalModelsYaml(
  text: string,
  source = 'local models file',
  classifier: ModelClassifier = createModelClassifier(),
): ModelInfo[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new InvalidArgumentError({
      argument: source,
      message: `Invalid models file ${source}: not valid YAML (${detail}).`,
      cause: error,
    });
  }
  if (!isRecord(document) || !('models' in document)) {
    throw new InvalidArgumentError({
      argument: source,
      message: `Invalid models file: expected a 'models' key in ${source}.`,
    });
  }
  if (!Array.isArray(document.models)) {
    throw new InvalidArgumentError({
      argument: `${source}: models`,
      message: `Invalid models file ${source}: 'models' must be a list of entries like { id: vendor/model, input_price: 1.0, output_price: 2.0 }.`,
    });
  }
  const seen = new Set<string>();
  return document.models.map((entry, index) => {
    const model = toModel(entry, `${source}: models[${index}]`, classifier);
    if (seen.has(model.id)) fail(`${source}: models[${index}].id`, `duplicate id "${model.id}"`);
    seen.add(model.id);
    return model;
  });
}

function toModel(entry: unknown, where: string, classifier: ModelClassifier): ModelInfo {
  if (!isRecord(entry)) fail(where, 'each entry must be a mapping with at least an id');
  const id = entry.id;
  if (typeof id !== 'string' || id.trim() === '') fail(`${where}.id`, 'id is required, e.g. "test/model-a"');
  const input = optionalNumber(
    entry.input_price,
    `${where}.input_price`,
    'a price in USD per million tokens',
  );
  const output = optionalNumber(
    entry.output_price,
    `${where}.output_price`,
    'a price in USD per million tokens',
  );
  if ((input === undefined) !== (output === undefined)) {
    fail(
      `${where}`,
      'set both input_price and output_price (USD per million tokens), or neither for unpriced',
    );
  }
  const pricing =
    input !== undefined && output !== undefined
      ? { inputPerMillion: input, outputPerMillion: output }
      : undefined;
  const contextWindow =
    optionalInteger(entry.context_window, `${where}.context_window`) ?? DEFAULT_LOCAL_CONTEXT_WINDOW;
  const maxOutputTokens = optionalInteger(entry.max_output_tokens, `${where}.max_output_tokens`);
  const inputModalities = stringList(entry.input_modalities, `${where}.input_modalities`) ?? ['text'];
  const classified = classifier.classify(id, pricing, inputModalities);
  const capabilities = capabilityList(entry.capabilities, `${where}.capabilities`) ?? classified.capabilities;
  const tier = tierValue(entry.tier, `${where}.tier`) ?? classified.tier;
  const slash = id.indexOf('/');
  return {
    id,
    name: typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name : id,
    provider:
      typeof entry.provider === 'string' && entry.provider !== ''
        ? entry.provider
        : id.slice(0, Math.max(0, slash)),
    pricing,
    contextWindow,
    maxOutputTokens,
    capabilities,
    tier,
    inputModalities,
    supportedParameters: stringList(entry.supported_parameters, `${where}.supported_parameters`) ?? [],
  };
}

function optionalNumber(value: unknown, where: string, form: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(where, `expected ${form} (a number ≥ 0), got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalInteger(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    fail(where, `expected a positive whole number of tokens, got ${JSON.stringify(value)}`);
  }
  return value;
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail(where, 'expected a list of strings');
  }
  return value;
}

function capabilityList(value: unknown, where: string): Capability[] | undefined {
  const list = stringList(value, where);
  if (list === undefined) return undefined;
  for (const item of list) {
    if (!(CAPABILITIES as readonly string[]).includes(item)) {
      fail(where, `unknown capability "${item}" (expected some of ${CAPABILITIES.join(', ')})`);
    }
  }
  return list as Capability[];
}

function tierValue(value: unknown, where: string): Tier | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(TIERS as readonly string[]).includes(value)) {
    fail(where, `expected one of ${TIERS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as Tier;
}

function fail(where: string, problem: string): never {
  throw new InvalidArgumentError({
    argument: where,
    message: `Invalid models file entry ${where}: ${problem}.`,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
