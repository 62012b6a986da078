import {
  type Candidate,
  type CandidateSource,
  candidateList,
  candidatesThen,
  createBudget,
  type EngineCall,
  routedCandidates,
} from '@tokenwise/core';
import type { AttemptRecord } from '@tokenwise/spec';
import type { DoorRequest } from '../doors/door.js';
import type { ProxyRuntime } from './proxy-runtime.js';
import type { RequestSelection } from './request-selection.js';

/**
 * Turns a door's request into the engine call every door makes the same way: the request budget (a child of the
 * process budget), the candidates (the router's choice and its failovers, or the named model — which fails over
 * to routed ones only with `explicitModelFailover`), the client's abort signal, and the record context.
 */
export function buildEngineCall(
  runtime: ProxyRuntime,
  request: DoorRequest,
  selection: RequestSelection,
  context: {
    requestId: string;
    door: string;
    signal: AbortSignal;
    onAttempt: (record: AttemptRecord) => void;
  },
): EngineCall {
  const budget =
    runtime.processBudget !== undefined
      ? runtime.processBudget.child({
          ...(selection.budget === undefined ? {} : { limit: selection.budget }),
          label: 'request',
        })
      : selection.budget === undefined
        ? undefined
        : createBudget({ limit: selection.budget, label: 'request' });
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
      exclude: () => runtime.toolless(hasTools),
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
    failover: explicit === undefined || runtime.explicitModelFailover,
    requestId: context.requestId,
    reason: ({ number }) => `proxy request attempt ${number}`,
    door: context.door,
    ...(selection.routed ? { strategy: selection.strategy } : {}),
    onAttempt: context.onAttempt,
  };
}
