/**
 * The `fetch` signature every provider accepts. Inject one to intercept requests (logging, proxies) or to point a
 * provider at an in-process mock upstream in tests.
 */
export type FetchFunction = typeof globalThis.fetch;
