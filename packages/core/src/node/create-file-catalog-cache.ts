import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CatalogCache, CatalogCacheEntry } from '../registry/create-model-registry.js';
import { defaultPaths } from './default-paths.js';

/**
 * A {@link CatalogCache} in one JSON file (default `~/.cache/tokenwise/models.json`). A missing or corrupt file
 * reads as no cache; writes go to a temporary file first and are renamed, so a crash never leaves half a file.
 */
export function createFileCatalogCache(path: string = defaultPaths().catalogCache): CatalogCache {
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        const entry = JSON.parse(text) as Partial<CatalogCacheEntry>;
        if (typeof entry.fetchedAt !== 'number' || entry.body === undefined) return undefined;
        return { fetchedAt: entry.fetchedAt, body: entry.body };
      } catch {
        return undefined;
      }
    },
    async write(entry) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(entry));
      await rename(temporary, path);
    },
  };
}
