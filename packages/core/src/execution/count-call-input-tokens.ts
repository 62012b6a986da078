import type { CallOptions } from '@tokenwise/spec';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { estimateTextTokens } from '../tokens/estimate-text-tokens.js';

/** Tokens vendors add around each tool definition. */
const TOOL_OVERHEAD_TOKENS = 16;

/**
 * The engine's default input count: the prompt (see `countPromptTokens`) plus every tool definition (name,
 * description, JSON schema) and the response-format schema, which vendors bill as input too.
 */
export function countCallInputTokens(
  call: Pick<CallOptions, 'prompt' | 'tools' | 'toolChoice' | 'responseFormat'>,
  context: { modelId: string },
): number {
  return countPromptTokens(call.prompt, { modelId: context.modelId }) + countToolTokens(call);
}

/** Tokens of the tool definitions and the response-format schema of a call (billed as input). */
export function countToolTokens(call: Pick<CallOptions, 'tools' | 'responseFormat'>): number {
  let total = 0;
  for (const tool of call.tools ?? []) {
    total +=
      TOOL_OVERHEAD_TOKENS +
      estimateTextTokens(tool.name) +
      estimateTextTokens(tool.description ?? '') +
      estimateTextTokens(JSON.stringify(tool.inputSchema));
  }
  const format = call.responseFormat;
  if (format?.type === 'json' && format.schema !== undefined) {
    total += TOOL_OVERHEAD_TOKENS + estimateTextTokens(JSON.stringify(format.schema));
  }
  return total;
}
