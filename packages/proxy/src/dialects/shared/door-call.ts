import type { CallOptions, Capability, Strategy } from '@tokenwise/spec';

/** TokenWise's own request extension (body field `tokenwise`), the same in every door. */
export interface TokenwiseExtension {
  strategy?: Strategy;
  /** A USD amount (number or decimal text); the engine turns it into exact `PicoUsd`. */
  budget?: number | string;
  capability?: Capability;
}

/**
 * What a door hands the engine: call options without the output cap and the abort signal (the engine's clamp
 * and the route decide those), the client's model name as sent, whether to stream, the output cap the client
 * asked for, and the TokenWise extension.
 */
export interface DoorCall {
  options: Omit<CallOptions, 'abortSignal' | 'maxOutputTokens'>;
  model: string;
  stream: boolean;
  requestedMaxOutputTokens: number | undefined;
  extension: TokenwiseExtension;
}
