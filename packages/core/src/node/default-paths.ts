import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where TokenWise keeps its files by default (XDG-style, under the home directory). */
export interface DefaultPaths {
  /** `~/.config/tokenwise/config.yaml` */
  configFile: string;
  /** `~/.cache/tokenwise/models.json` */
  catalogCache: string;
  /** `~/.config/tokenwise/ledger.jsonl` (the original's location) */
  ledger: string;
}

/** The default file locations; `XDG_CONFIG_HOME` and `XDG_CACHE_HOME` are honoured when set. */
export function defaultPaths(env: Readonly<Record<string, string | undefined>> = process.env): DefaultPaths {
  const home = homedir();
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  const cache = env.XDG_CACHE_HOME || join(home, '.cache');
  return {
    configFile: join(config, 'tokenwise', 'config.yaml'),
    catalogCache: join(cache, 'tokenwise', 'models.json'),
    ledger: join(config, 'tokenwise', 'ledger.jsonl'),
  };
}
