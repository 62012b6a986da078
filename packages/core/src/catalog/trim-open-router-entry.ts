/**
 * Keeps only the fields of an OpenRouter `/models` entry that {@link parseOpenRouterModels} reads, so the
 * bundled snapshot and the on-disk cache stay small (descriptions, links and per-provider details go).
 * Non-object entries pass through unchanged so that the parser can report them.
 */
export function trimOpenRouterEntry(entry: unknown): unknown {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
  const source = entry as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  copy(source, out, ['id', 'name', 'context_length', 'supported_parameters']);
  const architecture = pick(source.architecture, ['input_modalities', 'output_modalities']);
  // The older `modality` string is only read when the lists are missing; keep it just for those entries.
  const rawArchitecture = source.architecture as Record<string, unknown> | undefined;
  if (
    architecture &&
    rawArchitecture &&
    !('input_modalities' in architecture) &&
    'modality' in rawArchitecture
  ) {
    architecture.modality = rawArchitecture.modality;
  }
  if (architecture) out.architecture = architecture;
  const pricing = pick(source.pricing, [
    'prompt',
    'completion',
    'request',
    'input_cache_read',
    'input_cache_write',
  ]);
  if (pricing) out.pricing = pricing;
  const topProvider = pick(source.top_provider, ['context_length', 'max_completion_tokens']);
  if (topProvider) out.top_provider = topProvider;
  return out;
}

function pick(value: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  copy(value as Record<string, unknown>, out, keys);
  return out;
}

function copy(from: Record<string, unknown>, to: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    if (key in from) to[key] = from[key];
  }
}
