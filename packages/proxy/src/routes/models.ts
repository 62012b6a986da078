import { type ModelInfo, NoSuchModelError, STRATEGIES } from '@tokenwise/spec';
import type { Hono } from 'hono';
import { VIRTUAL_MODEL_PREFIX } from '../gateway/request-selection.js';
import type { ProxyModelRegistry } from '../proxy-deps.js';

/**
 * `GET /v1/models` and `GET /v1/models/{id}`: the `tokenwise/*` virtual models and `auto`, then the catalog sorted by input price (unpriced
 * last), in OpenAI's list shape. The body is rebuilt only when the registry hands out a new list (refresh).
 */
export function registerModelsRoute(app: Hono, registry: ProxyModelRegistry): void {
  let source: readonly ModelInfo[] | undefined;
  let body = '';
  app.get('/v1/models', () => {
    const models = registry.models();
    if (models !== source) {
      source = models;
      body = JSON.stringify(toModelList(models));
    }
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  });
  app.get('/v1/models/:id{.+}', (c) => {
    const id = c.req.param('id');
    const virtual =
      id === 'auto' ||
      (id.startsWith(VIRTUAL_MODEL_PREFIX) &&
        (STRATEGIES as readonly string[]).includes(id.slice(VIRTUAL_MODEL_PREFIX.length)));
    const found = virtual ? undefined : registry.get(id);
    if (!virtual && !found) throw new NoSuchModelError({ modelId: id });
    return c.json({ id, object: 'model', created: 0, owned_by: found ? found.provider : 'tokenwise' });
  });
}

function toModelList(models: readonly ModelInfo[]) {
  const virtual = ['auto', ...STRATEGIES.map((s) => VIRTUAL_MODEL_PREFIX + s)].map((id) => ({
    id,
    object: 'model' as const,
    created: 0,
    owned_by: 'tokenwise',
  }));
  const price = (m: ModelInfo) => m.pricing?.inputPerMillion ?? Number.POSITIVE_INFINITY;
  const catalog = [...models]
    .sort((a, b) => price(a) - price(b) || a.id.localeCompare(b.id))
    .map((m) => ({ id: m.id, object: 'model' as const, created: 0, owned_by: m.provider }));
  return { object: 'list' as const, data: [...virtual, ...catalog] };
}
