// `tokenwise/proxy-server`: the one composition of a TokenWise proxy, used by `tokenwise serve` and `apps/proxy`.
export {
  type ComposedProxyServer,
  type ComposeProxyServerOptions,
  composeProxyServer,
} from './compose-proxy-server.js';
export { assertServable, type RunProxyServerOptions, runProxyServer } from './run-proxy-server.js';
export { type RunningProxyServer, type ServeProxyOptions, serveProxy } from './serve-proxy.js';
