import type { ModelInfo } from '@tokenwise/spec';
import data from './bundled-models.json' with { type: 'json' };
import type { SkippedModel } from './parse-open-router-models.js';

/** The catalog shipped inside the package. */
export interface BundledCatalog {
  /** Shared by every registry of the process: read, never change them (overrides make copies). */
  models: readonly ModelInfo[];
  skipped: readonly SkippedModel[];
  /** When the snapshot was taken (epoch milliseconds): its age, not the package's build date. */
  fetchedAt: number;
  /** Where the snapshot came from. */
  source: string;
  /**
   * Names the parser's output (a hash of these models, made when they were generated): parsed live models cached
   * by a build with another parser are parsed again from their raw entries.
   */
  parser: string;
}

/**
 * The OpenRouter snapshot bundled with this package, already parsed: `scripts/generate-catalog.ts` runs the
 * parser of the live endpoint over the trimmed snapshot (`bundled-catalog.json`) and commits the result
 * (`bundled-models.json`; a test checks that they agree), so a process starts without parsing and classifying
 * ~400 entries — about 10 ms of a CLI start. Synchronous and offline: it is the catalog of last resort.
 */
export function loadBundledCatalog(): BundledCatalog {
  // Not frozen: freezing ~400 models and their arrays took ~4 ms, half of what parsing them did.
  return {
    models: data.models as unknown as ModelInfo[],
    skipped: data.skipped as SkippedModel[],
    fetchedAt: Date.parse(data.fetchedAt),
    source: data.source,
    parser: data.parser,
  };
}
