import type { EngineGenerateResult, EngineStreamResult } from '@tokenwise/core';
import type { CallOptions, Capability, Strategy } from '@tokenwise/spec';

/** What a door reads from its request: the call, the model asked for and the TokenWise extension. */
export interface DoorRequest {
  /** The client's model name (`auto`, `tokenwise/<strategy>`, a catalog id); absent routes. */
  model: string | undefined;
  /** The call without its abort signal (the gateway adds the client's). */
  options: Omit<CallOptions, 'abortSignal'>;
  stream: boolean;
  /** The request's own `tokenwise` extension, when the dialect has one. */
  extension?: { strategy?: Strategy; capability?: Capability; budget?: number | string };
}

/** What a door knows when it encodes an answer. */
export interface DoorContext {
  requestId: string;
  /** Epoch seconds of the request. */
  created: number;
  /** Headers every answer carries (request id, model, cost, clamp). */
  headers: Record<string, string>;
  /** `tokenwise_trace` for routed requests (chat completions), built once the answer is known. */
  trace: (finalModel: string, state: 'completed' | 'failed' | 'aborted') => unknown;
}

/**
 * One wire dialect of the gateway (OpenAI chat completions, OpenAI Responses, Anthropic Messages). A door only
 * translates: HTTP in → an engine call, the engine's answer, stream and errors → its own wire format. It never
 * reserves, clamps, retries or fails over: the engine does, the same way for every door.
 */
export interface Door<TBody> {
  /** Recorded on every ledger record of the door's requests (`chat`, `responses`, `messages`). */
  readonly name: string;
  /** Validates the parsed JSON body. @throws the door's own 400 for an invalid body. */
  parse(json: unknown): TBody;
  toRequest(body: TBody): DoorRequest;
  respond(body: TBody, answer: EngineGenerateResult, context: DoorContext): Response;
  respondStream(body: TBody, answer: EngineStreamResult, context: DoorContext): Response | Promise<Response>;
  /** The door's error response for any error (its status, its error shape); never a stack or a secret. */
  error(error: unknown, context: { requestId: string }): Response;
  /** The HTTP status the door answers `error` with (for the request record). */
  status(error: unknown): number;
}
