import type { GenerateResult } from '@tokenwise/spec';
import type { ClientCost } from '../../gateway/client-cost.js';
import {
  emptyResponse,
  finalStatus,
  type OutputItem,
  type ResponseContext,
  type ResponseObject,
} from './response-object.js';
import { toResponsesUsage } from './to-responses-usage.js';

/**
 * Builds the non-streaming `response` object from an engine result: reasoning, one `message` item holding the
 * text, and one `function_call` item per tool call, in the order the model produced them; `status` and
 * `incomplete_details` from the finish reason; usage with our cost. Item ids derive from the response id.
 */
export function toResponseObject(
  result: GenerateResult,
  context: ResponseContext & { cost: ClientCost },
): ResponseObject {
  const output: OutputItem[] = [];
  let message: Extract<OutputItem, { type: 'message' }> | undefined;
  for (const content of result.content) {
    const n = output.length;
    if (content.type === 'text') {
      if (message === undefined) {
        message = {
          type: 'message',
          id: `msg_${context.id}_${n}`,
          status: 'completed',
          role: 'assistant',
          content: [],
        };
        output.push(message);
      }
      message.content.push({ type: 'output_text', text: content.text, annotations: [], logprobs: [] });
    } else if (content.type === 'reasoning') {
      if (content.text === '') continue;
      output.push({
        type: 'reasoning',
        id: `rs_${context.id}_${n}`,
        summary: [],
        content: [{ type: 'reasoning_text', text: content.text }],
      });
    } else {
      output.push({
        type: 'function_call',
        id: `fc_${context.id}_${n}`,
        call_id: content.toolCallId,
        name: content.toolName,
        arguments: content.input,
        status: 'completed',
      });
    }
  }
  return {
    ...emptyResponse(context),
    ...finalStatus(result.finishReason),
    output,
    usage: toResponsesUsage(result.usage, context.cost),
  };
}
