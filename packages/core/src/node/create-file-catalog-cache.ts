import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CatalogCache, CatalogCacheEntry } from '../registry/create-model-registry.js';
import { defaultPaths } from './default-paths.js';

/**
 * A {@link CatalogCache} in one JSON file (default `~/.cache/tokenwise/models.json`). A missing or corrupt file
 * reads as no cache; writes go to a temporary file first and are renamed, so a crash never leaves half a file.
 * The raw entries are stored as one JSON string next to the parsed models, and parsed only when read.
 */
export function createFileCatalogCache(path: string = defaultPaths().catalogCache): CatalogCache {
  return {
    location: path,
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        const stored = JSON.parse(text) as StoredEntry;
        if (typeof stored.fetchedAt !== 'number') return undefined;
        const entry: CatalogCacheEntry = { fetchedAt: stored.fetchedAt, body: stored.body };
        if (typeof stored.bodyText === 'string') {
          // The raw entries stay one string until something needs them: usually the parsed models are used.
          const bodyText = stored.bodyText;
          let body: unknown;
          Object.defineProperty(entry, 'body', {
            enumerable: true,
            get: () => {
              body ??= JSON.parse(bodyText);
              return body;
            },
          });
        } else if (stored.body === undefined) {
          return undefined;
        }
        if (stored.models !== undefined) entry.models = stored.models;
        if (typeof stored.parser === 'string') entry.parser = stored.parser;
        return entry;
      } catch {
        return undefined;
      }
    },
    async write(entry) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      const stored: StoredEntry = {
        fetchedAt: entry.fetchedAt,
        ...(entry.parser === undefined ? {} : { parser: entry.parser }),
        ...(entry.models === undefined ? {} : { models: entry.models }),
        bodyText: JSON.stringify(entry.body),
      };
      await writeFile(temporary, JSON.stringify(stored));
      await rename(temporary, path);
    },
  };
}

/** The file's JSON: `bodyText` since the parsed models are kept too; older files have `body`. */
interface StoredEntry {
  fetchedAt?: unknown;
  body?: unknown;
  bodyText?: unknown;
  models?: CatalogCacheEntry['models'];
  parser?: string;
}
