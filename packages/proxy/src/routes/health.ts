import type { Hono } from 'hono';

/**
 * `GET /health`: always open (no auth). Answers `{ status: "ok", version }`, or 503 `{ status: "draining" }` once
 * the server is shutting down, so load balancers stop sending it requests.
 */
export function registerHealthRoute(app: Hono, version: string, draining: () => boolean = () => false): void {
  const body = JSON.stringify({ status: 'ok', version });
  const drainingBody = JSON.stringify({ status: 'draining', version });
  const headers = { 'content-type': 'application/json' };
  app.get('/health', () =>
    draining() ? new Response(drainingBody, { status: 503, headers }) : new Response(body, { headers }),
  );
}
