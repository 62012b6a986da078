import type { Capability, ModelInfo } from '@tokenwise/spec';

/** Whether `model` has every capability in `required` (`general` always holds; image input counts as vision). */
export function hasCapabilities(model: ModelInfo, required: readonly Capability[]): boolean {
  return required.every(
    (capability) =>
      capability === 'general' ||
      model.capabilities.includes(capability) ||
      (capability === 'vision' && model.inputModalities.includes('image')),
  );
}
