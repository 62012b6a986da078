import type { ModelInfo } from '@tokenwise/spec';

/** True when the catalog says the model accepts tool definitions (`tools` in its supported parameters). */
export function supportsTools(model: Pick<ModelInfo, 'supportedParameters'>): boolean {
  return model.supportedParameters.includes('tools');
}

/**
 * True when the model accepts a JSON response format (`response_format` or `structured_outputs` in its
 * supported parameters).
 */
export function supportsJsonOutput(model: Pick<ModelInfo, 'supportedParameters'>): boolean {
  return (
    model.supportedParameters.includes('response_format') ||
    model.supportedParameters.includes('structured_outputs')
  );
}

/** True when the model reads images (`image` among its input modalities, or the `vision` capability). */
export function supportsVision(model: Pick<ModelInfo, 'inputModalities' | 'capabilities'>): boolean {
  return model.inputModalities.includes('image') || model.capabilities.includes('vision');
}
