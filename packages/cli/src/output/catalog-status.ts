import type { ModelRegistry } from '@tokenwise/core';
import { NoRouteError, NoSuchModelError } from '@tokenwise/spec';
import type { CatalogStatus, CliDeps } from '../cli-deps.js';

/** The catalog behind `registry`, as the app reports it (or as the registry itself says). */
export function catalogStatusOf(deps: CliDeps, registry: ModelRegistry): CatalogStatus {
  return (
    deps.catalogStatus?.() ?? {
      source: registry.source,
      fetchedAt: registry.fetchedAt,
      models: registry.models().length,
    }
  );
}

/** The `catalog` member of `--json` documents. */
export function catalogJson(status: CatalogStatus) {
  return {
    source: status.source,
    fetchedAt: new Date(status.fetchedAt).toISOString(),
    models: status.models,
    location: status.location ?? null,
    ...(status.refresh === undefined
      ? {}
      : {
          refreshed: status.refresh.ok,
          ...(status.refresh.error ? { refreshError: status.refresh.error } : {}),
        }),
  };
}

/** One line for `--verbose`: `Catalog: cache (~/.cache/tokenwise/models.json) of 2026-12-05 08:00 UTC, 396 models`. */
export function catalogLine(status: CatalogStatus): string {
  const where = status.location ? ` (${status.location})` : '';
  const refresh =
    status.refresh === undefined
      ? ''
      : status.refresh.ok
        ? '; refreshed live'
        : `; live refresh failed${status.refresh.error ? `: ${status.refresh.error}` : ''}`;
  return `Catalog: ${status.source}${where} of ${formatDate(status.fetchedAt)}, ${status.models} models${refresh}`;
}

/**
 * Errors that come from a cached catalog say so: after a refresh from a narrow endpoint the cache may hold a few
 * models, and "no model" must point at the file rather than at the prompt.
 */
export function withCatalogContext(error: unknown, status: CatalogStatus): unknown {
  if (status.source !== 'cache' && status.source !== 'live') return error;
  if (!NoRouteError.isInstance(error) && !NoSuchModelError.isInstance(error)) return error;
  const where = status.location ? ` in ${status.location}` : '';
  const note = ` (The catalog is the ${status.source === 'cache' ? 'cached' : 'live'} copy${where} of ${formatDate(status.fetchedAt)} with ${status.models} models; run "tokenwise models --refresh" or delete that file to use the bundled catalog.)`;
  if (!error.message.endsWith(note)) error.message += note;
  return error;
}

function formatDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
