import {
  type Capability,
  InvalidArgumentError,
  type ModelInfo,
  NoSuchModelError,
  type PicoUsd,
  STRATEGIES,
  type Strategy,
  usd,
} from '@tokenwise/spec';
import { OpenAIHttpError } from '../errors/openai-http-error.js';
import type { ProxyModelRegistry } from '../proxy-deps.js';

/** The prefix of the virtual models that pick a strategy. */
export const VIRTUAL_MODEL_PREFIX = 'tokenwise/';

/** What a request asks for: a routed (`auto`, `tokenwise/<strategy>`) or an explicit model, and its budget. */
export interface RequestSelection {
  /** True when the router picks the model. */
  routed: boolean;
  strategy: Strategy;
  /** The catalog model named by the client, for explicit requests. */
  explicitModel: ModelInfo | undefined;
  capability: Capability | undefined;
  /** The request's ceiling; `undefined` = unlimited (the process budget still applies). */
  budget: PicoUsd | undefined;
  /** What the client asked for: `auto`, `tokenwise/<strategy>` or a model id. */
  modelAsked: string;
}

const CAPABILITIES: readonly string[] = ['code', 'reasoning', 'math', 'general', 'vision'];

/** What a door read from its request about the model choice (the TokenWise extension, when the door has one). */
export interface SelectionInput {
  /** The client's model name; absent or `auto` routes. */
  model: string | undefined;
  /** The body's `tokenwise` extension (chat completions), when present. */
  extension?: { strategy?: Strategy; capability?: Capability; budget?: number | string };
}

/**
 * Reads the model choice, strategy, capability and budget from the request (the `tokenwise` extension) and, for
 * clients that cannot add body fields, from the `x-tokenwise-*` headers. The body wins over headers.
 * @throws OpenAIHttpError 404 for an unknown virtual model, 400 for an invalid strategy, capability or budget;
 * NoSuchModelError for an id the catalog does not know.
 */
export function selectRequest(options: {
  input: SelectionInput;
  headers: Headers;
  registry: ProxyModelRegistry;
  defaultStrategy: Strategy;
  defaultBudget: PicoUsd | undefined;
  /** Maps a client's model name (aliases, vendor-native ids) before it is read; identity when absent. */
  resolveModelName?: (name: string) => string;
  /**
   * The model for an id the catalog does not know or lists without a price, given the request's budget (core's
   * `unpricedModel`); absent = an unknown id is a `NoSuchModelError`.
   */
  outsideCatalog?: (id: string, budget: PicoUsd | undefined, known?: ModelInfo) => ModelInfo;
}): RequestSelection {
  const { input, headers } = options;
  const extension = input.extension;
  const asked = input.model ?? 'auto';
  const model = options.resolveModelName ? options.resolveModelName(asked) : asked;

  let strategy = extension?.strategy ?? parseStrategy(headers.get('x-tokenwise-strategy'));
  let routed = false;
  let explicitModel: ModelInfo | undefined;
  if (model === 'auto') {
    routed = true;
  } else if (model.startsWith(VIRTUAL_MODEL_PREFIX)) {
    const named = model.slice(VIRTUAL_MODEL_PREFIX.length);
    if (!isStrategy(named)) {
      throw new OpenAIHttpError({
        status: 404,
        type: 'invalid_request_error',
        code: 'model_not_found',
        param: 'model',
        message: `The model "${model}" does not exist. Virtual models: ${STRATEGIES.map((s) => VIRTUAL_MODEL_PREFIX + s).join(', ')}.`,
      });
    }
    routed = true;
    strategy = named;
  } else {
    explicitModel = options.registry.get(model);
    if (!explicitModel && !options.outsideCatalog) throw new NoSuchModelError({ modelId: model });
  }

  const capabilityHeader = headers.get('x-tokenwise-capability');
  if (capabilityHeader !== null && !CAPABILITIES.includes(capabilityHeader)) {
    throw badHeader('x-tokenwise-capability', `Expected one of ${CAPABILITIES.join(', ')}.`);
  }
  const capability = extension?.capability ?? (capabilityHeader as Capability | null) ?? undefined;

  let budget = options.defaultBudget;
  const bodyBudget = extension?.budget;
  if (bodyBudget !== undefined) budget = parseBudget(bodyBudget, 'tokenwise.budget');
  else {
    const headerBudget = headers.get('x-tokenwise-budget');
    if (headerBudget !== null) budget = parseBudget(headerBudget, 'x-tokenwise-budget');
  }
  // Decided once the budget is known: an unknown or unpriced id may only go out when no budget applies.
  if (!routed && explicitModel?.pricing === undefined && options.outsideCatalog) {
    explicitModel = options.outsideCatalog(model, budget, explicitModel);
  }
  return {
    routed,
    strategy: strategy ?? options.defaultStrategy,
    explicitModel,
    capability,
    budget,
    modelAsked: asked,
  };
}

function isStrategy(value: string): value is Strategy {
  return (STRATEGIES as readonly string[]).includes(value);
}

function parseStrategy(value: string | null): Strategy | undefined {
  if (value === null) return undefined;
  if (!isStrategy(value))
    throw badHeader('x-tokenwise-strategy', `Expected one of ${STRATEGIES.join(', ')}.`);
  return value;
}

function parseBudget(value: number | string, param: string): PicoUsd {
  let amount: PicoUsd;
  try {
    amount = usd(value);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) throw badHeader(param, 'Expected a USD amount such as 0.05.');
    throw error;
  }
  if (amount < 0n) throw badHeader(param, 'A budget cannot be negative.');
  return amount;
}

function badHeader(param: string, detail: string): OpenAIHttpError {
  return new OpenAIHttpError({
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_value',
    param,
    message: `Invalid value for '${param}': ${detail}`,
  });
}
