import manifest from '../package.json' with { type: 'json' };

/** The version of the `tokenwise` package, printed by `tokenwise --version`. */
export const VERSION: string = manifest.version;
