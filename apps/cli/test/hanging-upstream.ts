import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chat call the hanging upstream received, and when (if ever) its caller went away. */
export interface HungCall {
  stream: boolean;
  receivedAt: number;
  /** When the proxy closed the connection (the upstream call was aborted); `undefined` while it is open. */
  abortedAt?: number;
}

/**
 * An OpenRouter-like upstream on 127.0.0.1 whose chat completions never answer (a streamed one sends its headers
 * and then nothing), and whose catalog endpoint fails fast so the bundled catalog stays. It records when each
 * call's connection is closed by the caller: that is the moment the proxy aborted the upstream call.
 */
export async function listenHangingUpstream(): Promise<{
  url: string;
  calls: HungCall[];
  close(): Promise<void>;
}> {
  const calls: HungCall[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.endsWith('/chat/completions')) {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"down"}}');
      return;
    }
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const call: HungCall = { stream: /"stream"\s*:\s*true/.test(body), receivedAt: Date.now() };
      calls.push(call);
      open.add(response);
      response.on('close', () => {
        call.abortedAt = Date.now();
        open.delete(response);
      });
      if (call.stream) response.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
