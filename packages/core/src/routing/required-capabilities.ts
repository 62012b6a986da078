import type { Capability, Scenario } from '@tokenwise/spec';

/**
 * Capabilities a model must have for a route. The explicit `capability` wins; otherwise the scenario's primary
 * (first) capability, as in the original — keyword-detected secondary capabilities are weak signals, and
 * requiring all of them would push simple prompts onto the few models that have every label. Vision is the
 * exception: an image in the prompt is a hard need whatever else is asked.
 */
export function requiredCapabilities(
  scenario: Scenario,
  explicit?: Capability,
  hasImages = false,
): Capability[] {
  const primary = explicit ?? scenario.capabilities[0];
  const required: Capability[] = primary === undefined ? [] : [primary];
  if ((hasImages || scenario.capabilities.includes('vision')) && primary !== 'vision')
    required.push('vision');
  return required;
}
