import {
  InvalidArgumentError,
  type Message,
  type ModelInfo,
  type RouteDecision,
  type Scenario,
} from '@tokenwise/spec';
import { DEFAULT_MIN_OUTPUT_TOKENS } from '../pricing/default-limits.js';
import { assertRiskAcceptable } from '../risk/assert-risk-acceptable.js';
import { detectScenario } from '../scenario/index.js';
import { checkRouteOptions } from './check-route-options.js';
import { chooseModel } from './choose-model.js';
import { decideRoute } from './decide-route.js';
import { createModelTable, type ModelTable } from './model-table.js';
import { parseBudget } from './parse-budget.js';
import { lastUserText, promptHasImages } from './prompt-text.js';
import { requiredCapabilities } from './required-capabilities.js';
import { resolveStrategy } from './resolve-strategy.js';
import { createRouteCall } from './route-call.js';
import type { RouteOptions, Router, RouterOptions } from './router-options.js';

export type { ModelSource, RouteOptions, Router, RouterOptions } from './router-options.js';

/**
 * Creates a router. Per-model numbers are precomputed once per model list (a registry's `models()` should
 * return the same array until it refreshes), so a route over ~400 models allocates almost nothing.
 */
export function createRouter(options: RouterOptions): Router {
  const defaultStrategy = options.defaultStrategy ?? 'balanced';
  resolveStrategy(defaultStrategy);
  const minOutputTokens = options.minOutputTokens ?? DEFAULT_MIN_OUTPUT_TOKENS;
  if (!Number.isSafeInteger(minOutputTokens) || minOutputTokens < 1) {
    throw new InvalidArgumentError({
      argument: 'minOutputTokens',
      message: `minOutputTokens must be a positive integer like 100 (got ${minOutputTokens}).`,
    });
  }
  const tokenizers = options.tokenizers ?? [];
  const o200k = tokenizers.find((tokenizer) => tokenizer.encoding === 'o200k_base');
  const cl100k = tokenizers.find((tokenizer) => tokenizer.encoding === 'cl100k_base');
  const source = options.models;
  let cachedList: readonly ModelInfo[] | undefined;
  let cachedTable: ModelTable | undefined;
  let cachedFamilies = 0;

  function currentTable(): { table: ModelTable; families: number } {
    const list = Array.isArray(source)
      ? (source as readonly ModelInfo[])
      : (source as { models(): readonly ModelInfo[] }).models();
    if (list !== cachedList || !cachedTable) {
      cachedTable = createModelTable(list);
      cachedList = list;
      cachedFamilies = 0;
      for (let index = 0; index < cachedTable.size; index++)
        cachedFamilies |= 1 << cachedTable.family[index]!;
    }
    return { table: cachedTable, families: cachedFamilies };
  }

  // The steps of a route: check the request, gate it, understand it, price it on every model, choose, decide.
  function route(input: string | readonly Message[], routeOptions: RouteOptions = {}): RouteDecision {
    const strategy = resolveStrategy(routeOptions.strategy ?? defaultStrategy);
    const budget = routeOptions.budget === undefined ? undefined : parseBudget(routeOptions.budget);
    checkRouteOptions(input, routeOptions);
    const gate = routeOptions.riskGate ?? options.riskGate;
    if (gate?.enabled) assertRiskAcceptable(lastUserText(input), gate);
    const scenario = routeOptions.scenario ?? detect(input);
    const required = requiredCapabilities(scenario, routeOptions.capability, promptHasImages(input));
    const { table, families } = currentTable();
    const call = createRouteCall({
      input,
      scenario,
      required,
      table,
      families,
      budget,
      minOutputTokens,
      maxOutputTokens: routeOptions.maxOutputTokens,
      minTier: routeOptions.minTier,
      allowFree: routeOptions.allowFree === true,
      allowBatch: routeOptions.allowBatch === true,
      allowUnpriced: routeOptions.allowUnpriced === true,
      exclude: routeOptions.exclude,
      o200k,
      cl100k,
    });
    const chosen = chooseModel(
      call,
      strategy,
      { table, complexity: scenario.complexity },
      routeOptions.budgetStrict,
    );
    return decideRoute(call, chosen, strategy, scenario, routeOptions.explain === true);
  }

  function detect(input: string | readonly Message[]): Scenario {
    return options.detectScenario ? options.detectScenario(input) : detectScenario(input);
  }

  return { route };
}
