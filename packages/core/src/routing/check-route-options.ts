import { CAPABILITIES, InvalidArgumentError, type Message, TIERS } from '@tokenwise/spec';
import { hasPromptContent } from './prompt-text.js';
import type { RouteOptions } from './router-options.js';

/**
 * Refuses a route call that cannot be answered as asked: an empty prompt, a `maxOutputTokens` that is not a
 * positive integer, an unknown capability or tier (ignoring them would route somewhere the caller did not mean).
 *
 * @throws InvalidArgumentError naming the bad argument and what to pass instead.
 */
export function checkRouteOptions(input: string | readonly Message[], options: RouteOptions): void {
  if (!hasPromptContent(input)) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message: 'The prompt is empty: pass the text or messages to route.',
    });
  }
  const maxOutputTokens = options.maxOutputTokens;
  if (maxOutputTokens !== undefined && (!Number.isSafeInteger(maxOutputTokens) || maxOutputTokens < 1)) {
    throw new InvalidArgumentError({
      argument: 'maxOutputTokens',
      message: `maxOutputTokens must be a positive integer like 1024 (got ${maxOutputTokens}).`,
    });
  }
  if (options.capability !== undefined && !CAPABILITIES.includes(options.capability)) {
    throw new InvalidArgumentError({
      argument: 'capability',
      message: `Unknown capability "${String(options.capability)}": use one of ${CAPABILITIES.join(', ')}.`,
    });
  }
  if (options.minTier !== undefined && !TIERS.includes(options.minTier)) {
    throw new InvalidArgumentError({
      argument: 'minTier',
      message: `Unknown tier "${String(options.minTier)}": use one of ${TIERS.join(', ')}.`,
    });
  }
}
