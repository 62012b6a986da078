import { readFile } from 'node:fs/promises';
import { defaultPaths } from './default-paths.js';

/**
 * Text of the config file (default `~/.config/tokenwise/config.yaml`), or `undefined` when it does not exist.
 * Other read errors (permissions, a directory) are thrown: a config the user wrote must not be ignored.
 */
export async function readConfigFile(path: string = defaultPaths().configFile): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
