import type { CallOptions, CallWarning } from '@tokenwise/spec';

/** The response header that lists the request fields the answering upstream could not take. */
export const DROPPED_PARAMS_HEADER = 'x-tokenwise-dropped-params';

/**
 * The request fields (in the door's own wire names) that did not reach the upstream that answered: every
 * `unsupported-setting` warning of the adapter, mapped through `wireNames` (spec setting → wire field; a
 * setting without a mapping is listed as is), plus vendor-only fields the door put in `providerOptions` for
 * other providers but not for `provider`. Sorted and de-duplicated; empty when nothing was dropped.
 */
export function droppedParams({
  warnings,
  providerOptions,
  provider,
  wireNames,
}: {
  warnings: readonly CallWarning[];
  providerOptions?: CallOptions['providerOptions'];
  provider: string;
  wireNames: Readonly<Record<string, string>>;
}): string[] {
  const dropped = new Set<string>();
  for (const warning of warnings) {
    if (warning.type !== 'unsupported-setting' || warning.setting === undefined) continue;
    dropped.add(wireNames[warning.setting] ?? warning.setting);
  }
  const delivered = new Set(Object.keys(providerOptions?.[provider] ?? {}));
  for (const [key, fields] of Object.entries(providerOptions ?? {})) {
    if (key === provider) continue;
    for (const field of Object.keys(fields)) if (!delivered.has(field)) dropped.add(field);
  }
  return [...dropped].sort();
}

/** `droppedParams` as a header value (comma-separated), or undefined when nothing was dropped. */
export function droppedParamsHeader(...args: Parameters<typeof droppedParams>): string | undefined {
  const list = droppedParams(...args);
  return list.length === 0 ? undefined : list.join(', ');
}
