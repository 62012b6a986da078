import {
  keyJson,
  parseKeyInputJson,
  parseKeyPatchJson,
  parseTeamInputJson,
  parseTeamPatchJson,
  teamJson,
} from '@tokenwise/core';
import { type BudgetStore, type KeyStore, keyScope, teamScope } from '@tokenwise/spec';
import type { Hono } from 'hono';
import { OpenAIHttpError } from '../errors/openai-http-error.js';
import { adminAuth } from '../middleware/admin-auth.js';
import { readJsonBody } from '../middleware/read-json-body.js';

/** What the admin API manages. */
export interface AdminRoutesDeps {
  keyStore: KeyStore;
  budgetStore: BudgetStore;
  /** `TOKENWISE_ADMIN_KEY`; without it every admin route answers 403. */
  adminKey?: string;
  /** Milliseconds since the epoch (key status); default `Date.now`. */
  clock?: () => number;
  /** Largest request body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
}

/**
 * Mounts the admin API under `/admin/` behind {@link adminAuth}: create / list / show / update / revoke keys and
 * create / list / show / update teams, in JSON. A key's secret appears once, in the answer to its creation; every
 * other answer shows only its prefix. `show` adds the spend of the current window, what is left and what is in
 * flight. Errors use OpenAI's error shape (through the app's error handler).
 *
 * | route | answer |
 * | --- | --- |
 * | `POST /admin/keys` | 201 `{ key, secret }` |
 * | `GET /admin/keys?team_id=&include_revoked=true` | `{ object: 'list', data: [key] }` |
 * | `GET /admin/keys/:id` | key with `spend` |
 * | `PATCH /admin/keys/:id` | key |
 * | `POST /admin/keys/:id/revoke` | key (idempotent) |
 * | `POST /admin/teams`, `GET /admin/teams`, `GET /admin/teams/:id`, `PATCH /admin/teams/:id` | team(s) |
 */
export function registerAdminRoutes(app: Hono, deps: AdminRoutesDeps): void {
  const { keyStore, budgetStore } = deps;
  const clock = deps.clock ?? Date.now;
  const maxBodyBytes = deps.maxBodyBytes ?? 65_536;
  app.use('/admin/*', adminAuth(deps.adminKey));
  // Answers are never cached: they carry budgets and, once, a secret.
  app.use('/admin/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.post('/admin/keys', async (c) => {
    const input = parseKeyInputJson(await readJsonBody(c.req.raw, { maxBytes: maxBodyBytes }));
    const { key, secret } = await keyStore.createKey(input);
    return c.json({ key: keyJson(key, clock()), secret }, 201);
  });
  app.get('/admin/keys', async (c) => {
    const teamId = c.req.query('team_id');
    const keys = await keyStore.listKeys({
      ...(teamId ? { teamId } : {}),
      includeRevoked: c.req.query('include_revoked') === 'true',
    });
    const now = clock();
    return c.json({ object: 'list', data: keys.map((key) => keyJson(key, now)) });
  });
  app.get('/admin/keys/:id', async (c) => {
    const key = await keyStore.getKey(c.req.param('id'));
    if (key === undefined) throw notFound('key', c.req.param('id'));
    return c.json(keyJson(key, clock(), await budgetStore.snapshot(keyScope(key.id))));
  });
  app.patch('/admin/keys/:id', async (c) => {
    const id = c.req.param('id');
    if ((await keyStore.getKey(id)) === undefined) throw notFound('key', id);
    const patch = parseKeyPatchJson(await readJsonBody(c.req.raw, { maxBytes: maxBodyBytes }));
    return c.json(keyJson(await keyStore.updateKey(id, patch), clock()));
  });
  app.post('/admin/keys/:id/revoke', async (c) => {
    const id = c.req.param('id');
    if ((await keyStore.getKey(id)) === undefined) throw notFound('key', id);
    return c.json(keyJson(await keyStore.revokeKey(id), clock()));
  });

  app.post('/admin/teams', async (c) => {
    const input = parseTeamInputJson(await readJsonBody(c.req.raw, { maxBytes: maxBodyBytes }));
    return c.json(teamJson(await keyStore.createTeam(input)), 201);
  });
  app.get('/admin/teams', async (c) => {
    return c.json({ object: 'list', data: (await keyStore.listTeams()).map((team) => teamJson(team)) });
  });
  app.get('/admin/teams/:id', async (c) => {
    const team = await keyStore.getTeam(c.req.param('id'));
    if (team === undefined) throw notFound('team', c.req.param('id'));
    return c.json(teamJson(team, await budgetStore.snapshot(teamScope(team.id))));
  });
  app.patch('/admin/teams/:id', async (c) => {
    const id = c.req.param('id');
    if ((await keyStore.getTeam(id)) === undefined) throw notFound('team', id);
    const patch = parseTeamPatchJson(await readJsonBody(c.req.raw, { maxBytes: maxBodyBytes }));
    return c.json(teamJson(await keyStore.updateTeam(id, patch)));
  });
}

function notFound(kind: 'key' | 'team', id: string): OpenAIHttpError {
  return new OpenAIHttpError({
    status: 404,
    type: 'not_found_error',
    code: `${kind}_not_found`,
    message: `No ${kind} with id "${id.slice(0, 80)}".`,
  });
}
