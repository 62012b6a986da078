import type { CallOptions, Message } from '@tokenwise/spec';
import type { ChatCompletionRequest } from '../dialects/openai/request-schema.js';
import type { RequestSelection } from './request-selection.js';

/** One client request while it is being served. */
export interface ChatRequest {
  requestId: string;
  /** Clock time the request started (ms). */
  startedAt: number;
  /** `created` of the response (epoch seconds). */
  created: number;
  body: ChatCompletionRequest;
  callOptions: Omit<CallOptions, 'abortSignal'>;
  prompt: Message[];
  selection: RequestSelection;
  /** Counted once; sizes every reservation. */
  inputTokens: number;
  /** `max_completion_tokens` or `max_tokens`. */
  requestedMaxTokens: number | undefined;
  /** Catalog ids called so far, in order. */
  modelsTried: string[];
}
