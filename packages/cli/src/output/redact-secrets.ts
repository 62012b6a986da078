// Loaded only when a command failed. A module of its own so that bundlers keep just this function of core:
// `import('@tokenwise/core')` would keep all of core in a chunk of the binary.
export { redactSecrets } from '@tokenwise/core';
