export type { ConformanceScript, MockUsage } from './conformance-script.js';
// the Anthropic and Gemini dialects are maintained with providers-anthropic/-google; re-export all of them
export * from './mock-upstream/anthropic.js';
export {
  type CreateMockUpstreamOptions,
  createMockUpstream,
  type ListeningUpstream,
  type MockUpstream,
  type ScriptedRoute,
} from './mock-upstream/create-mock-upstream.js';
export * from './mock-upstream/google.js';
export {
  hangReply,
  type MockCall,
  type MockJsonReply,
  type MockReply,
  type MockReplySource,
  type MockSseEvent,
  type MockSseReply,
  malformedJsonReply,
  withLatency,
} from './mock-upstream/mock-reply.js';
export {
  createOpenAIMockUpstream,
  type OpenAIErrorOptions,
  type OpenAIMockToolCall,
  type OpenAIMockUpstreamOptions,
  type OpenAIReplyOptions,
  type OpenAIStreamOptions,
  openaiAutoReply,
  openaiCompletionBody,
  openaiConformanceScript,
  openaiCutStream,
  openaiEndlessStream,
  openaiError,
  openaiStream,
  openaiStreamEvents,
  openaiText,
  openaiToolCall,
  openaiToolCallStream,
  openaiUsage,
} from './mock-upstream/openai.js';
export {
  createOpenRouterMockUpstream,
  type OpenRouterMockUpstreamOptions,
  openrouterConformanceScript,
  openrouterModelsFixture,
} from './mock-upstream/openrouter.js';
export {
  loadOriginalLedger,
  type OriginalLedgerSummary,
  summarizeOriginalLedger,
} from './original-ledger-reader.js';
export { runawayFetch } from './runaway-fetch.js';
export { createSseStream, formatSseEvent } from './sse.js';
