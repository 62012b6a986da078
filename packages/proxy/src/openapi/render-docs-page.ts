import type { OpenApiDocument } from './build-openapi-document.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Inline code spans of the document's markdown-ish text (`code`), escaped. */
function prose(text: unknown): string {
  return typeof text === 'string' ? escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>') : '';
}

/** The schema an operation points at, resolved one level for display. */
function resolve(document: OpenApiDocument, schema: unknown): { name?: string; schema: unknown } {
  const target = (schema as { $ref?: string } | undefined)?.$ref;
  if (target === undefined) return { schema };
  const name = target.split('/').at(-1)!;
  return { name, schema: document.components.schemas[name] };
}

function renderOperation(
  document: OpenApiDocument,
  path: string,
  method: string,
  operation: Record<string, unknown>,
): string {
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
  const parameters = (operation.parameters as Array<Record<string, unknown>> | undefined) ?? [];
  const body = (operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)
    ?.content?.['application/json']?.schema;
  const responses = Object.entries((operation.responses as Record<string, { description?: string }>) ?? {});
  const parts = [
    `<section class="op" id="${escapeHtml(id)}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p>${prose(operation.summary)}</p>`,
  ];
  if (operation.description) parts.push(`<p class="muted">${prose(operation.description)}</p>`);
  if (parameters.length > 0) {
    parts.push('<table><tr><th>parameter</th><th>in</th><th>description</th></tr>');
    for (const p of parameters) {
      parts.push(
        `<tr><td><code>${escapeHtml(String(p.name))}</code>${p.required ? ' *' : ''}</td><td>${escapeHtml(String(p.in))}</td><td>${prose(p.description)}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  if (body !== undefined) {
    const { name, schema } = resolve(document, body);
    parts.push(
      `<details><summary>Request body${name ? `: <code>${escapeHtml(name)}</code>` : ''}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
    );
  }
  parts.push('<ul class="responses">');
  for (const [status, response] of responses) {
    parts.push(`<li><b>${escapeHtml(status)}</b> ${prose(response.description)}</li>`);
  }
  parts.push('</ul></section>');
  return parts.join('\n');
}

/**
 * The `/docs` page: the OpenAPI document rendered on the server as one self-contained HTML page (no script, no
 * CDN; works offline), grouped by tag, with each request body's JSON Schema. The raw document is `/openapi.json`.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const sections: string[] = [];
  const toc: string[] = [];
  for (const tag of document.tags) {
    const operations: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (operation === undefined || !(operation.tags as string[] | undefined)?.includes(tag.name))
          continue;
        operations.push(renderOperation(document, path, method, operation));
      }
    }
    if (operations.length === 0) continue;
    toc.push(`<li><a href="#tag-${escapeHtml(tag.name)}">${escapeHtml(tag.name)}</a></li>`);
    sections.push(
      `<h2 id="tag-${escapeHtml(tag.name)}">${escapeHtml(tag.name)}</h2><p class="muted">${prose(tag.description)}</p>`,
      ...operations,
    );
  }
  const { info } = document;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} ${escapeHtml(info.version)} — API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f6f8;padding:.75rem;overflow:auto;max-height:28rem}
.op{border:1px solid #dde1e6;border-radius:6px;padding:.25rem 1rem;margin:1rem 0}.muted{color:#57606a}
.method{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.get{background:#1f6feb}.post{background:#1a7f37}.patch{background:#9a6700}.put{background:#8250df}.delete{background:#cf222e}
table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:.25rem .5rem;text-align:left;vertical-align:top}
</style></head><body>
<h1>${escapeHtml(info.title)} <small class="muted">${escapeHtml(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<ul>${toc.join('')}</ul>
${sections.join('\n')}
</body></html>
`;
}
