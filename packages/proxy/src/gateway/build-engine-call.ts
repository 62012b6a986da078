import {
  type Candidate,
  type CandidateSource,
  candidateList,
  candidatesThen,
  createBudget,
  type EngineCall,
  routedCandidates,
} from '@tokenwise/core';
import { type AttemptRecord, minUsd, type PicoUsd } from '@tokenwise/spec';
import type { VirtualKeyPrincipal } from '../auth/authenticate-virtual-key.js';
import { allowedBy } from '../auth/matches-glob.js';
import type { DoorRequest } from '../doors/door.js';
import type { ProxyRuntime } from './proxy-runtime.js';
import type { RequestSelection } from './request-selection.js';

/**
 * Turns a door's request into the engine call every door makes the same way: the request budget (a child of the
 * process budget), the candidates (the router's choice and its failovers, or the named model — which fails over
 * to routed ones only with `explicitModelFailover`), the client's abort signal, and the record context. A virtual
 * key adds its scopes (charged on the budget store beside the local chain), caps the request budget at its
 * per-request maximum, keeps the router off models it may not use, and puts its key and team on every record.
 */
export function buildEngineCall(
  runtime: ProxyRuntime,
  request: DoorRequest,
  selection: RequestSelection,
  principal: VirtualKeyPrincipal | undefined,
  context: {
    requestId: string;
    door: string;
    signal: AbortSignal;
    onAttempt: (record: AttemptRecord) => void;
  },
): EngineCall {
  const limit: PicoUsd | undefined =
    principal?.maxPerRequest === undefined
      ? selection.budget
      : selection.budget === undefined
        ? principal.maxPerRequest
        : minUsd(selection.budget, principal.maxPerRequest);
  const budget =
    runtime.processBudget !== undefined
      ? runtime.processBudget.child({ ...(limit === undefined ? {} : { limit }), label: 'request' })
      : limit === undefined
        ? undefined
        : createBudget({ limit, label: 'request' });
  const hasTools = (request.options.tools?.length ?? 0) > 0;
  const routed = (): CandidateSource =>
    routedCandidates({
      router: runtime.router,
      input: request.options.prompt,
      strategy: selection.strategy,
      ...(selection.capability === undefined ? {} : { capability: selection.capability }),
      ...(request.options.maxOutputTokens === undefined
        ? {}
        : { maxOutputTokens: request.options.maxOutputTokens }),
      policy: runtime.engine.escalationPolicy,
      exclude: () => excluded(runtime, hasTools, principal),
    });
  const explicit = selection.explicitModel;
  const candidates: CandidateSource =
    explicit === undefined
      ? routed()
      : runtime.explicitModelFailover
        ? candidatesThen(candidateList([{ info: explicit } satisfies Candidate]), routed())
        : candidateList([{ info: explicit }]);
  return {
    options: { ...request.options, abortSignal: context.signal },
    candidates,
    ...(budget === undefined ? {} : { budget }),
    ...(principal === undefined || runtime.budgetStore === undefined
      ? {}
      : {
          shared: {
            store: runtime.budgetStore,
            scopes: principal.scopes,
            ...(runtime.leaseMs === undefined ? {} : { leaseMs: runtime.leaseMs }),
          },
        }),
    ...(principal === undefined ? {} : { keyId: principal.keyId }),
    ...(principal?.teamId === undefined ? {} : { teamId: principal.teamId }),
    failover: explicit === undefined || runtime.explicitModelFailover,
    requestId: context.requestId,
    reason: ({ number }) => `proxy request attempt ${number}`,
    door: context.door,
    ...(selection.routed ? { strategy: selection.strategy } : {}),
    onAttempt: context.onAttempt,
  };
}

/** Models the router must not pick: those without tools (for requests with tools) and those the key may not use. */
function excluded(
  runtime: ProxyRuntime,
  hasTools: boolean,
  principal: VirtualKeyPrincipal | undefined,
): readonly string[] {
  const toolless = runtime.toolless(hasTools);
  const allowed = principal?.allowedModels;
  if (allowed === undefined) return toolless;
  const refused = runtime.registry
    .models()
    .filter((model) => !allowedBy(allowed, model.id))
    .map((model) => model.id);
  return toolless.length === 0 ? refused : [...toolless, ...refused];
}
