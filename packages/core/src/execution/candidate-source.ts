import {
  type Capability,
  type LanguageModelV1,
  type Message,
  type ModelInfo,
  NoRouteError,
  type PicoUsd,
  type Strategy,
  TIERS,
  type Tier,
  tierRank,
} from '@tokenwise/spec';
import type { EscalationPolicy } from '../config/load-config.js';
import { nextCandidates } from '../routing/next-candidates.js';

/** A model to call, with the catalog entry that prices it; `model` is resolved by the engine when absent. */
export interface Candidate {
  info: ModelInfo;
  model?: LanguageModelV1;
}

/** What a source knows when it picks the next candidate. */
export interface CandidateState {
  /** Candidates tried so far in this call, in order (refused ones included). */
  readonly tried: readonly ModelInfo[];
  /** The failure of the last candidate; undefined for the first pick. */
  readonly lastError: unknown;
  /** What the budget can still take (smallest room of every level), `undefined` when unlimited. */
  readonly remaining: PicoUsd | undefined;
  /** Counted input tokens of the call. */
  readonly inputTokens: number;
  /** Ids not to pick: tried ones, suppressed ones, models of providers that cannot be used. */
  readonly avoid: ReadonlySet<string>;
  /** Models suppressed for failing lately: a hint, preferred over no candidate at all for the first pick. */
  readonly suppressed: ReadonlySet<string>;
}

/**
 * The candidate sequence of one call. `next` is asked for the first candidate (empty `tried`) and again after
 * each failure that allows failover; `undefined` ends the call.
 */
export interface CandidateSource {
  /** How candidates after the first are recorded. */
  readonly moveKind: 'failover' | 'escalation';
  /**
   * True when the first pick never reads `state.remaining` (an explicit model): the engine then asks no shared
   * budget store before it, and the attempt's sizing checks the store in the same round trip that holds.
   */
  readonly fixedFirst?: boolean;
  /**
   * @throws NoRouteError or NoSuchModelError for the first pick only, when there is nothing to call at all.
   */
  next(state: CandidateState): Candidate | undefined;
}

/**
 * A fixed list, in order. Every entry is tried, even one whose catalog id came earlier: the caller listed it on
 * purpose (the same model through another provider, say).
 */
export function candidateList(
  candidates: readonly Candidate[],
  moveKind: CandidateSource['moveKind'] = 'failover',
): CandidateSource {
  let index = 0;
  return { moveKind, fixedFirst: candidates.length > 0, next: () => candidates[index++] };
}

/** The lowest tier a move from `failed` may go to under `policy`, or undefined when none is left. */
export function tierFloor(failed: Tier, policy: EscalationPolicy): Tier | undefined {
  return policy === 'monotonic' ? TIERS[tierRank(failed) + 1] : failed;
}

/** What routed candidates need of a router (core's `Router` satisfies it). */
export interface CandidateRouter {
  route(
    input: string | readonly Message[],
    options: {
      strategy: Strategy;
      budget?: PicoUsd;
      capability?: Capability;
      maxOutputTokens?: number;
      budgetStrict?: boolean;
      exclude?: readonly string[];
      minTier?: Tier;
    },
  ): { model: ModelInfo };
}

/** Options of {@link routedCandidates}. */
export interface RoutedCandidatesOptions {
  router: CandidateRouter;
  /** What the router reads to detect the scenario. */
  input: string | readonly Message[];
  strategy: Strategy;
  capability?: Capability;
  /** The caller's max_tokens (the router's expected output). */
  maxOutputTokens?: number;
  policy: EscalationPolicy;
  /** More ids never to pick (e.g. models that cannot take the request's tools). */
  exclude?: () => readonly string[];
}

/**
 * The router's choice, then — after a failure — its next choice among models not yet tried, never below the
 * failed model's tier (strictly above it under `monotonic`) and always within the remaining budget, so a $0.01
 * request never fails over to a model it cannot pay for.
 */
export function routedCandidates(options: RoutedCandidatesOptions): CandidateSource {
  const { router } = options;
  const route = (state: CandidateState, avoid: Iterable<string>, minTier: Tier | undefined) =>
    router.route(options.input, {
      strategy: options.strategy,
      ...(state.remaining === undefined ? {} : { budget: state.remaining }),
      ...(options.capability === undefined ? {} : { capability: options.capability }),
      ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
      budgetStrict: true,
      exclude: [...avoid, ...(options.exclude?.() ?? [])],
      ...(minTier === undefined ? {} : { minTier }),
    }).model;
  return {
    moveKind: 'failover',
    next(state) {
      const first = state.tried.length === 0;
      const failed = state.tried.at(-1);
      const minTier = failed === undefined ? undefined : tierFloor(failed.tier, options.policy);
      if (!first && minTier === undefined) return undefined;
      try {
        return { info: route(state, state.avoid, minTier) };
      } catch (error) {
        if (!NoRouteError.isInstance(error)) throw error;
      }
      if (state.suppressed.size > 0) {
        // Better a suppressed model than none: suppression is a hint, not a ban.
        const withoutSuppressed = [...state.avoid].filter((id) => !state.suppressed.has(id));
        try {
          return { info: route(state, withoutSuppressed, minTier) };
        } catch (error) {
          if (!NoRouteError.isInstance(error)) throw error;
        }
      }
      if (first) route(state, state.avoid, minTier); // rethrows the NoRouteError with its explanation
      return undefined;
    },
  };
}

/** Options of {@link escalationCandidates}. */
export interface EscalationCandidatesOptions {
  /** The catalog escalation picks from. */
  models: () => readonly ModelInfo[];
  /** The model tried first (a plan step's assigned model). */
  first: Candidate;
  /** Capabilities every escalation target keeps. */
  capabilities?: readonly Capability[];
  /** Orders targets by expected cost. */
  expectedOutputTokens?: number;
  minOutputTokens?: number;
  policy: EscalationPolicy;
  /** Most moves after the first candidate. */
  maxEscalations?: number;
}

/**
 * The first model, then escalation: up the tiers one step at a time (cheapest first within a tier), keeping
 * the capabilities, only to models the remaining budget can pay for; the failed model's own tier is allowed
 * under `flexible`, never under `monotonic`.
 */
export function escalationCandidates(options: EscalationCandidatesOptions): CandidateSource {
  let moves = 0;
  return {
    moveKind: 'escalation',
    next(state) {
      // A first model suppressed for failing lately is not called: escalation starts from it at once.
      const skipFirst = state.tried.length === 0 && state.suppressed.has(options.first.info.id);
      if (state.tried.length === 0 && !skipFirst) return options.first;
      const current = state.tried.at(-1) ?? options.first.info;
      const target =
        moves >= (options.maxEscalations ?? Number.POSITIVE_INFINITY)
          ? undefined
          : // Unset options go as `undefined`, which `nextCandidates` reads as absent (unlimited, defaults).
            nextCandidates(options.models(), {
              current,
              capabilities: options.capabilities,
              remainingBudget: state.remaining,
              inputTokens: state.inputTokens,
              minOutputTokens: options.minOutputTokens,
              expectedOutputTokens: options.expectedOutputTokens,
              exclude: [...state.avoid, options.first.info.id],
              strictlyHigherTier: options.policy === 'monotonic',
            })[0];
      if (target === undefined) {
        if (skipFirst) {
          throw new NoRouteError({
            message: `${options.first.info.id} is suppressed after failing recently (HTTP 402/403/404 or repeated errors) and no other model fits the step: wait, or assign another model.`,
          });
        }
        return undefined;
      }
      moves++;
      return { info: target };
    },
  };
}

/** `first`'s candidates, then `then`'s (an explicit model that may fail over to routed ones). */
export function candidatesThen(first: CandidateSource, then: CandidateSource): CandidateSource {
  let onSecond = false;
  return {
    moveKind: then.moveKind,
    fixedFirst: first.fixedFirst,
    next(state) {
      if (!onSecond) {
        const candidate = first.next(state);
        if (candidate !== undefined) return candidate;
        onSecond = true;
      }
      return then.next(state);
    },
  };
}
