import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { toOpenAIError } from '../errors/to-openai-error.js';
import { adminAuth } from './admin-auth.js';

function app(adminKey: string | undefined) {
  const hono = new Hono();
  hono.use('/admin/*', adminAuth(adminKey));
  hono.get('/admin/ping', (c) => c.json({ ok: true }));
  hono.onError((error, c) => {
    const mapped = toOpenAIError(error);
    return c.json(mapped.toBody(), mapped.status as 401);
  });
  return hono;
}

describe('adminAuth', () => {
  it('refuses the admin surface when no admin key is configured', async () => {
    const response = await app(undefined).request('/admin/ping', { headers: { authorization: 'Bearer x' } });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toContain('TOKENWISE_ADMIN_KEY');
  });

  it('refuses a missing or wrong key without echoing it, and accepts the right one', async () => {
    const hono = app('admin-secret-123');
    expect((await hono.request('/admin/ping')).status).toBe(401);
    const wrong = await hono.request('/admin/ping', { headers: { authorization: 'Bearer admin-secret-12' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('admin-secret');
    expect(
      (await hono.request('/admin/ping', { headers: { 'x-admin-key': 'admin-secret-123' } })).status,
    ).toBe(200);
    expect(
      (await hono.request('/admin/ping', { headers: { authorization: 'Bearer admin-secret-123' } })).status,
    ).toBe(200);
  });

  it('accepts HTTP Basic with the admin key as password, and challenges browsers when asked to', async () => {
    const hono = new Hono();
    hono.use('/ui', adminAuth('admin-secret-123', { basicRealm: 'TokenWise' }));
    hono.get('/ui', (c) => c.text('page'));
    hono.onError((error, c) => {
      const mapped = toOpenAIError(error);
      for (const [name, value] of Object.entries(mapped.headers ?? {})) c.header(name, value);
      return c.json(mapped.toBody(), mapped.status as 401);
    });
    const missing = await hono.request('/ui');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic realm="TokenWise"/);
    const basic = (user: string, password: string) => ({
      authorization: `Basic ${btoa(`${user}:${password}`)}`,
    });
    expect((await hono.request('/ui', { headers: basic('admin', 'admin-secret-123') })).status).toBe(200);
    expect((await hono.request('/ui', { headers: basic('', 'admin-secret-123') })).status).toBe(200);
    expect((await hono.request('/ui', { headers: basic('admin-secret-123', 'x') })).status).toBe(401);
    expect((await hono.request('/ui', { headers: { authorization: 'Basic !!!' } })).status).toBe(401);
  });
});
