import manifest from '../package.json' with { type: 'json' };

/** The version of the proxy server (its package.json), reported by `GET /health`. */
export const VERSION: string = manifest.version;
