import { CliFailure, describeFileError } from '@tokenwise/cli';
import { createModelRegistry, loadConfig, type ModelRegistry, type TokenwiseConfig } from '@tokenwise/core';
import {
  createFileCatalogCache,
  defaultPaths,
  loadLocalModelsFile,
  readConfigFile,
} from '@tokenwise/core/node';

/** How old a cached catalog may be and still be read by a command: ten years, i.e. always (a stale one is refreshed). */
export const CACHE_READ_TTL_SECONDS = 10 * 365 * 24 * 3600;

type Env = Readonly<Record<string, string | undefined>>;

// Start-up time: this module is what `route` and `models` load of core. It imports names, never the namespace
// (`await import('@tokenwise/core')` would make the bundler keep all of core — executors, budgets, risk — in
// the chunk every command compiles).

/** Settings from the environment and the config file (environment wins), with the config file's warnings. */
export async function readSettings(env: Env): Promise<TokenwiseConfig> {
  const path = defaultPaths(env).configFile;
  const text = await readConfigText(path);
  // Port 0 (any free port, as in apps/proxy) is valid for the server but not in the shared settings.
  const anyPort = env.TOKENWISE_PROXY_PORT?.trim() === '0';
  const loaded = loadConfig({
    env: anyPort ? { ...env, TOKENWISE_PROXY_PORT: undefined } : env,
    ...(text === undefined ? {} : { fileText: text }),
    filePath: path,
  });
  return anyPort ? { ...loaded, proxyPort: 0 } : loaded;
}

/**
 * The config file's text (`undefined` when there is none). A path that exists but cannot be read (a directory,
 * no permission) is a wrong setting: one line naming the path and what to do, exit 2.
 */
export async function readConfigText(path: string): Promise<string | undefined> {
  try {
    return await readConfigFile(path);
  } catch (error) {
    const why = describeFileError(error) ?? (error instanceof Error ? error.message : String(error));
    throw new CliFailure(
      `cannot read the config file ${path}: it ${why}; make it a readable YAML file, remove it, or set XDG_CONFIG_HOME to use another folder.`,
      { exitCode: 2, type: 'file', cause: error },
    );
  }
}

/** The catalog cache file (`~/.cache/tokenwise/models.json`, or under `XDG_CACHE_HOME`). */
export function catalogCachePath(env: Env): string {
  return defaultPaths(env).catalogCache;
}

/** When the last live catalog refresh of a command failed (epoch ms), from a marker beside the cache file. */
export async function lastFailedRefresh(cacheFile: string): Promise<number | undefined> {
  const { stat } = await import('node:fs/promises');
  try {
    return (await stat(`${cacheFile}.failed`)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Remembers that a live refresh failed just now (best effort: a read-only cache folder only costs retries). */
export async function rememberFailedRefresh(cacheFile: string): Promise<void> {
  const [{ mkdir, writeFile }, { dirname }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
  ]);
  try {
    await mkdir(dirname(cacheFile), { recursive: true });
    await writeFile(`${cacheFile}.failed`, `${new Date().toISOString()}\n`);
  } catch {
    // ignored: see above
  }
}

/**
 * The registry of a command: a local models file, else the cached live catalog of any age, else the bundled
 * snapshot. Nothing goes to the network here; the app then tries one short live refresh when this catalog is
 * older than `TOKENWISE_CACHE_TTL` (see `createAppDeps`), keeping it when offline.
 */
export async function openRegistry(env: Env, settings: TokenwiseConfig): Promise<ModelRegistry> {
  const local = settings.localModelsFile;
  const created = createModelRegistry({
    ...(local === undefined ? {} : { models: await loadLocalModelsFile(local) }),
    baseURL: settings.openrouterBaseURL,
    ...(settings.openrouterApiKey === undefined ? {} : { apiKey: settings.openrouterApiKey }),
    cache: createFileCatalogCache(defaultPaths(env).catalogCache),
    ttlSeconds: CACHE_READ_TTL_SECONDS,
    overrides: settings.modelOverrides,
  });
  await created.ready();
  return created;
}
