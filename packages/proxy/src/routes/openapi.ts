import type { Hono } from 'hono';
import { buildOpenApiDocument } from '../openapi/build-openapi-document.js';
import { renderDocsPage } from '../openapi/render-docs-page.js';

/**
 * `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs` (it as a readable page). Both are built on the
 * first call and then served from memory; neither needs a key (they describe the API, they reveal no data).
 */
export function registerOpenApiRoutes(app: Hono, version: string): void {
  let json: string | undefined;
  let html: string | undefined;
  const document = () => buildOpenApiDocument(version);
  app.get('/openapi.json', () => {
    json ??= JSON.stringify(document());
    return new Response(json, { headers: { 'content-type': 'application/json' } });
  });
  app.get('/docs', () => {
    html ??= renderDocsPage(document());
    return new Response(html, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        // No script and nothing from elsewhere: styles inline, links to this server only.
        'content-security-policy':
          "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
