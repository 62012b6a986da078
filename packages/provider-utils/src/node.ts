// The Node-only entry, `@tokenwise/provider-utils/node`: what needs undici or Node built-ins lives here so the
// main entry keeps running on edge runtimes.
export {
  createUpstreamFetch,
  type UpstreamFetch,
  type UpstreamFetchOptions,
} from './create-upstream-fetch.js';
