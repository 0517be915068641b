/**
 * The upstream layer under a hostile network: redirects (to another host, the same host, relative,
 * protocol-relative) are never followed, and a proxy that refuses or drops the tunnel fails the call at
 * once, with plain words — never thousands of reconnects. A catch-all listener is the redirect target
 * and must see nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatchAll, type CatchAll } from '@/e2e/support/catch-all';

let catchAll: CatchAll;
let redirector: Server;
let redirectorUrl = '';
const redirectorHits: string[] = [];
let dropping: Server;
let refusing: Server;
const tunnels = { dropping: 0, refusing: 0 };
let mod: typeof import('./upstream');
let explain: typeof import('@/lib/checks/explain');

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  catchAll = await startCatchAll();
  redirector = createServer((req, res) => {
    redirectorHits.push(req.url ?? '');
    const m = /^\/v1\.0\/r(\d{3})(?:-(\w+))?/.exec(req.url ?? '');
    const status = Number(m?.[1] ?? 302);
    const location =
      m?.[2] === 'relative' ? '/v1.0/users' : m?.[2] === 'same' ? `${redirectorUrl}/v1.0/users` : m?.[2] === 'schemeless' ? `//${catchAll.host}/x` : `${catchAll.url}/stolen?from=${encodeURIComponent(req.url ?? '')}`;
    res.writeHead(status, { location, 'content-type': 'text/html' }).end(`<a href="${location}">moved</a>`);
  });
  redirectorUrl = await listen(redirector);
  dropping = createServer();
  dropping.on('connect', (_req, socket: Socket) => {
    tunnels.dropping++;
    socket.destroy();
  });
  refusing = createServer();
  refusing.on('connect', (_req, socket: Socket) => {
    tunnels.refusing++;
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
  });
  const droppingUrl = await listen(dropping);
  const refusingUrl = await listen(refusing);

  // Graph's host goes to the redirector (no proxy); https calls through a proxy that drops tunnels;
  // Entra's host, overridden to a plain-http name, through one that answers 403.
  for (const k of ['HTTPS_PROXY', 'https_proxy']) process.env[k] = droppingUrl;
  for (const k of ['HTTP_PROXY', 'http_proxy']) process.env[k] = refusingUrl;
  for (const k of ['NO_PROXY', 'no_proxy']) process.env[k] = new URL(redirectorUrl).host;
  process.env.GRAPH_API_URL = redirectorUrl;
  process.env.ENTRA_LOGIN_URL = 'http://entra-relay.test';
  process.env.UPSTREAM_TIMEOUT_MS = '4000';
  process.env.UPSTREAM_MAX_RETRIES = '2';
  process.env.LOG_LEVEL = 'silent';
  [mod, explain] = await Promise.all([import('./upstream'), import('@/lib/checks/explain')]);
});

afterAll(async () => {
  for (const s of [redirector, dropping, refusing]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await catchAll.close();
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'GRAPH_API_URL', 'ENTRA_LOGIN_URL']) delete process.env[k];
});

describe('redirects are never followed', () => {
  it.each([
    ['301', '/v1.0/r301'],
    ['302', '/v1.0/r302'],
    ['303', '/v1.0/r303'],
    ['307', '/v1.0/r307'],
    ['308', '/v1.0/r308'],
    ['302, protocol-relative', '/v1.0/r302-schemeless'],
    ['302, relative', '/v1.0/r302-relative'],
    ['302, same host', '/v1.0/r302-same'],
  ])('%s', async (_name, path) => {
    const before = redirectorHits.length;
    const res = await mod.upstream({ method: 'GET', url: `https://graph.microsoft.com${path}`, headers: { authorization: 'Bearer not-a-real-token' }, purpose: 'redirect test' });
    expect(res).toMatchObject({ ok: false, kind: 'redirect' });
    if (res.ok) return;
    expect(res.message).toMatch(/redirect to .+, which is not followed/);
    expect(res.attempts).toHaveLength(1);
    expect(redirectorHits.length - before).toBe(1);
    expect(catchAll.caught).toEqual([]);
  });

  it('names where the redirect pointed, and turns it into a Failed check with a fix', async () => {
    const res = await mod.upstream({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/r302', purpose: 'redirect test' });
    if (res.ok) throw new Error('followed a redirect');
    expect(res.message).toContain(catchAll.host);
    const outcome = explain.explainGraphFailure({ kind: 'upstream', failure: res }, res.attempts, 'GET /v1.0/users failed');
    expect(outcome.status).toBe('fail');
    expect(outcome.summary).toMatch(/redirect .* not followed/);
    expect(outcome.remediation).toMatch(/proxy|portal/i);
    expect(catchAll.caught).toEqual([]);
  });
});

describe('a proxy that will not open the tunnel', () => {
  it('that hangs up: one attempt, a prompt Failed with a plain cause (no reconnect storm)', async () => {
    const started = Date.now();
    const res = await mod.upstream({ method: 'GET', url: 'https://login.microsoftonline.us/common/v2.0/.well-known/openid-configuration', purpose: 'proxy test' });
    expect(res).toMatchObject({ ok: false, kind: 'network' });
    if (res.ok) return;
    expect(res.message).toMatch(/proxy/);
    expect(tunnels.dropping).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    const outcome = explain.explainEntraFailure({ kind: 'upstream', failure: res }, res.attempts, (await import('@/lib/entra/clouds')).getCloud('usgov'));
    expect(outcome.summary).toMatch(/could not be reached: .*proxy/);
    expect(outcome.remediation).toMatch(/HTTPS_PROXY/);
  });

  it('that answers 403: one attempt, and the words say the proxy refused', async () => {
    const res = await mod.upstream({ method: 'GET', url: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration', purpose: 'proxy test' });
    expect(res).toMatchObject({ ok: false, kind: 'network' });
    if (res.ok) return;
    expect(res.message).toMatch(/proxy .*refused .*HTTP 403/);
    expect(tunnels.refusing).toBe(1);
  });
});
