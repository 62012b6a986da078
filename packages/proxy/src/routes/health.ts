import type { Hono } from 'hono';

/** `GET /health`: always open (no auth), answers `{ status: "ok", version }`. */
export function registerHealthRoute(app: Hono, version: string): void {
  const body = JSON.stringify({ status: 'ok', version });
  app.get('/health', () => new Response(body, { headers: { 'content-type': 'application/json' } }));
}
