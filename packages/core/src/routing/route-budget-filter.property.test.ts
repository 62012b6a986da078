import {
  type ModelInfo,
  NoRouteError,
  type PicoUsd,
  type Pricing,
  type RejectedCandidate,
  type RouteDecision,
  type Tier,
  tierRank,
} from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { maxAffordableOutputTokens } from '../pricing/max-affordable-output-tokens.js';
import { costOf } from '../pricing/model-cost.js';
import { seededRandom } from '../tokens/adversarial-corpus.fixture.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { EXPECTED_OUTPUT_TOKENS } from '../tokens/estimate-output-tokens.js';
import { createRouter, type RouteOptions } from './create-router.js';

// The router's budget filter against a plain reference written from its documented rules in exact bigint money
// (`costOf`, `maxAffordableOutputTokens`): random catalogues mix whole-pico prices (the router's float fast path),
// sub-pico prices and sums above 2^53 (its exact path), fees, free, batch and unpriced models, tight context
// windows and output limits; budgets sit on the edges the reference computes (a cost, its floor, one pico-dollar
// either side, 2^53). Replay a failure with its seed.
const SEED = 0x5eed_12;
const RUNS = 1200;

const PROMPTS = ['Hi', 'Summarise the attached report in three bullet points.', 'word '.repeat(300)];
const TWO_POW_53 = 2n ** 53n;
// Per million tokens. 0.000001 USD/M is 1 pico per token; 1.048576 USD/M is 2^20 pico per token, so 2^33 output
// tokens cost exactly 2^53 pico; sub-pico prices (0.0000015) force the exact path.
const PRICES = [0, 0.000001, 0.0000015, 0.0000025, 0.14, 1, 1.048576, 3, 15];
const FEES = [undefined, undefined, 0.000001, 0.001];
const CONTEXTS = [40, 2_000, 100_000, 2 ** 34];
const OUTPUT_LIMITS = [undefined, 5, 256, 8_192, 2 ** 33];
const MAX_OUTPUTS = [undefined, undefined, 1, 50, 300, 2 ** 33];
const MIN_OUTPUTS = [1, 100, 500];
const TIERS_USED: Tier[] = ['budget', 'mid', 'flagship'];

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function randomModel(random: Random, index: number): ModelInfo {
  const roll = random();
  const suffix = roll < 0.08 ? ':free' : roll < 0.16 ? ':batch' : '';
  let pricing: Pricing | undefined;
  if (random() >= 0.1) {
    const fee = pick(random, FEES);
    pricing = {
      inputPerMillion: pick(random, PRICES),
      outputPerMillion: pick(random, PRICES),
      ...(fee === undefined ? {} : { perRequest: fee }),
    };
  }
  return {
    id: `lab/m${index}${suffix}`,
    name: `m${index}`,
    provider: 'lab',
    pricing,
    contextWindow: pick(random, CONTEXTS),
    maxOutputTokens: pick(random, OUTPUT_LIMITS),
    capabilities: ['general'],
    tier: pick(random, TIERS_USED),
    inputModalities: ['text'],
    supportedParameters: [],
  };
}

interface Reference {
  reason: string;
  /** Exact expected cost; undefined when unpriced. */
  cost: PicoUsd | undefined;
  /** Exact cost of input + fee + the minimum output. */
  floor: PicoUsd | undefined;
  outputTokens: number;
}

interface Setup {
  options: RouteOptions;
  minOutputTokens: number;
  inputTokens: number;
}

/** The documented filters, in order, with exact money. */
function reference(model: ModelInfo, { options, minOutputTokens, inputTokens }: Setup): Reference {
  const limit = model.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const outputTokens = Math.min(options.maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS.simple, limit);
  const minOutput = Math.min(minOutputTokens, options.maxOutputTokens ?? minOutputTokens, limit);
  const cost = costOf(model, { inputTokens, outputTokens });
  const floor = costOf(model, { inputTokens, outputTokens: minOutput });
  const at = (reason: string): Reference => ({ reason, cost, floor, outputTokens });
  if (options.exclude?.includes(model.id)) return at('excluded');
  if (options.minTier !== undefined && tierRank(model.tier) < tierRank(options.minTier))
    return at('below-tier');
  // Free and batch are kinds of priced models; an unpriced one is just unpriced.
  const pricing = model.pricing;
  const batch = pricing !== undefined && model.id.endsWith(':batch');
  const free =
    pricing !== undefined &&
    !batch &&
    (model.id.endsWith(':free') ||
      (pricing.inputPerMillion === 0 && pricing.outputPerMillion === 0 && !pricing.perRequest));
  if (free && options.allowFree !== true) return at('free-excluded');
  if (batch && options.allowBatch !== true) return at('batch-excluded');
  if (pricing === undefined && (options.allowUnpriced !== true || options.budget !== undefined)) {
    return at('unpriced');
  }
  if (inputTokens + outputTokens > model.contextWindow) return at('context-too-small');
  if (cost === undefined || options.budget === undefined) return at('pass');
  const budget = options.budget as PicoUsd;
  return at(cost <= budget && floor! <= budget ? 'pass' : 'over-budget');
}

function randomSetup(random: Random, models: readonly ModelInfo[], inputTokens: number): Setup {
  const options: RouteOptions = {
    strategy: 'cheapest',
    scenario: { capabilities: [], complexity: 'simple', signals: [] },
    maxOutputTokens: pick(random, MAX_OUTPUTS),
    allowFree: random() < 0.5,
    allowBatch: random() < 0.5,
    allowUnpriced: random() < 0.3,
    budgetStrict: random() < 0.5 ? false : undefined,
    minTier: random() < 0.15 ? pick(random, TIERS_USED) : undefined,
    // A non-matching exclusion sends every model through the general screen instead of the inline one.
    exclude: random() < 0.3 ? (random() < 0.5 ? ['nobody/none'] : [pick(random, models).id]) : undefined,
    explain: random() < 0.5,
  };
  const setup: Setup = { options, minOutputTokens: pick(random, MIN_OUTPUTS), inputTokens };
  if (random() < 0.15) return setup;
  // A budget on an edge of one model's figures, or a round one.
  const edge = reference(pick(random, models), { ...setup, options: { ...options, budget: 0n } });
  const around = pick(random, [edge.cost, edge.floor, TWO_POW_53, 0n, 2n ** 60n]) ?? 0n;
  const budget = around + pick(random, [-1n, 0n, 0n, 1n]);
  options.budget = budget < 0n ? 0n : budget;
  return setup;
}

function checkDecision(decision: RouteDecision, models: readonly ModelInfo[], setup: Setup): void {
  const refs = models.map((model) => reference(model, setup));
  const chosen = models.indexOf(decision.model);
  const ref = refs[chosen]!;
  const budget = setup.options.budget as PicoUsd | undefined;
  const capable = refs.flatMap((entry, index) => (entry.reason === 'pass' ? [index] : []));
  if (decision.withinBudget) {
    expect(ref.reason).toBe('pass');
  } else {
    expect(capable).toEqual([]);
    expect(ref.reason).toBe('over-budget');
    expect(setup.options.budgetStrict).toBe(false);
  }
  const pool = decision.withinBudget
    ? capable
    : refs.flatMap((entry, index) => (entry.reason === 'over-budget' ? [index] : []));
  expectCheapest(pool, refs, chosen);
  expect(decision.estimatedCost).toBe(ref.cost ?? 0n);
  expect(decision.estimatedInputTokens).toBe(setup.inputTokens);
  expect(decision.estimatedOutputTokens).toBe(ref.outputTokens);
  // The worst case: the model's output limit within the context window, clamped to what the budget pays.
  const model = decision.model;
  let allowed = Math.min(
    model.maxOutputTokens ?? Number.POSITIVE_INFINITY,
    model.contextWindow - setup.inputTokens,
  );
  if (budget !== undefined && decision.withinBudget) {
    const affordable = maxAffordableOutputTokens(model, { inputTokens: setup.inputTokens, budget });
    if (affordable !== undefined) allowed = Math.max(0, Math.min(allowed, affordable));
  }
  expect(decision.worstCaseCost).toBe(
    costOf(model, { inputTokens: setup.inputTokens, outputTokens: allowed }) ?? 0n,
  );
  if (budget !== undefined && decision.withinBudget) expect(decision.worstCaseCost <= budget).toBe(true);
  checkRejections(decision.rejected, models, refs, chosen);
}

function checkRejections(
  rejected: readonly RejectedCandidate[],
  models: readonly ModelInfo[],
  refs: readonly Reference[],
  chosen: number,
): void {
  expect(rejected.map((entry) => entry.modelId)).toEqual(
    models.filter((_, index) => index !== chosen).map((model) => model.id),
  );
  for (const entry of rejected) {
    const ref = refs[models.findIndex((model) => model.id === entry.modelId)]!;
    const reason = ref.reason === 'pass' || ref.reason === 'excluded' ? 'not-chosen' : ref.reason;
    expect(entry.reason).toBe(reason);
    if (ref.cost !== undefined) expect(entry.estimatedCost).toBe(ref.cost);
  }
}

describe(`router budget filter against an exact reference (seed ${SEED}, ${RUNS} routes)`, () => {
  it('chooses, prices, clamps and explains as the reference does', () => {
    const random = seededRandom(SEED);
    const outcomes = { chosen: 0, bestEffort: 0, refused: 0, hugeBudget: 0 };
    for (let run = 0; run < RUNS; run++) {
      const models = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, index) =>
        randomModel(random, index),
      );
      // Copies of a model with another id: exact cost ties, which the first one wins.
      if (random() < 0.3) models.push({ ...models[0]!, id: `${models[0]!.id.split(':')[0]}-copy` });
      const prompt = pick(random, PROMPTS);
      const setup = randomSetup(random, models, countPromptTokens(prompt));
      // A context window that holds the prompt and the expected output exactly, or one token short.
      if (random() < 0.3) {
        const model = pick(random, models);
        const fit = setup.inputTokens + reference(model, setup).outputTokens;
        if (fit < 2 ** 40) model.contextWindow = fit - (random() < 0.5 ? 1 : 0);
      }
      const router = createRouter({ models, minOutputTokens: setup.minOutputTokens });
      const describeRun = () =>
        `run ${run}: ${JSON.stringify({ models, setup }, (_, value) => (typeof value === 'bigint' ? `${value}n` : value))}`;
      try {
        let decision: RouteDecision;
        try {
          decision = router.route(prompt, setup.options);
        } catch (error) {
          if (!NoRouteError.isInstance(error)) throw error;
          checkRefusal(error, models, setup);
          outcomes.refused++;
          continue;
        }
        checkDecision(decision, models, setup);
        if (decision.withinBudget) outcomes.chosen++;
        else outcomes.bestEffort++;
      } catch (error) {
        throw new Error(`${describeRun()}\n${(error as Error).message}`);
      }
      if (typeof setup.options.budget === 'bigint' && setup.options.budget > TWO_POW_53)
        outcomes.hugeBudget++;
    }
    // Every branch was exercised, so a pass means something.
    expect(outcomes.chosen).toBeGreaterThan(RUNS / 10);
    expect(outcomes.bestEffort).toBeGreaterThan(RUNS / 50);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 10);
    expect(outcomes.hugeBudget).toBeGreaterThan(0);
  });
});

function checkRefusal(error: NoRouteError, models: readonly ModelInfo[], setup: Setup): void {
  const refs = models.map((model) => reference(model, setup));
  expect(refs.map((ref) => ref.reason)).not.toContain('pass');
  const overBudget = refs.flatMap((ref, index) => (ref.reason === 'over-budget' ? [index] : []));
  if (overBudget.length > 0) {
    expect(setup.options.budgetStrict).not.toBe(false);
    const cheapest = models.findIndex((model) => model.id === error.cheapest?.modelId);
    expect(overBudget).toContain(cheapest);
    expectCheapest(overBudget, refs, cheapest);
    expect(error.cheapest?.estimatedCost).toBe(refs[cheapest]!.cost);
  } else {
    expect(error.cheapest).toBeUndefined();
  }
  checkRejections(error.rejected, models, refs, -1);
}

/**
 * `cheapest` picked `chosen` from `pool`: the lowest exact cost (the router ranks by float costs, which may order
 * sub-pico prices a few pico apart differently), the first of exact ties; unpriced candidates rank last.
 */
function expectCheapest(pool: readonly number[], refs: readonly Reference[], chosen: number): void {
  const costs = pool.flatMap((index) => (refs[index]!.cost === undefined ? [] : [refs[index]!.cost!]));
  if (costs.length === 0) {
    expect(chosen).toBe(pool[0]);
    return;
  }
  const lowest = [...costs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0]!;
  const cost = refs[chosen]!.cost!;
  expect(cost - lowest).toBeLessThanOrEqual(3n);
  expect(pool.find((index) => refs[index]!.cost === cost)).toBe(chosen);
}
