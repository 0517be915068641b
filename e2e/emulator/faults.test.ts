import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './server';
import { A, DESCRIPTION_LEGACY, DESCRIPTION_MODERN, GUID, SECRET, T, control, fixture, form, getToken, graphGet, startTestEmulator, tokenRequest } from './test-support';

type Json = Record<string, unknown>;

let emu: RunningEmulator;
let token: string;
beforeAll(async () => {
  emu = await startTestEmulator();
  token = await getToken(emu);
});
afterEach(async () => {
  await control(emu, 'DELETE', '/faults');
  await control(emu, 'POST', '/latency', { ms: 0 });
  await control(emu, 'POST', '/latency', { ms: 0, route: 'graph-users' });
});
afterAll(async () => {
  await emu.close();
});

const creds = { client_id: A.good, client_secret: SECRET, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' };

async function addFault(rule: Json): Promise<void> {
  const res = await control(emu, 'POST', '/faults', rule);
  expect(res.status).toBe(201);
}

describe('clearing faults', () => {
  it('for one tenant keeps the rules aimed at others (tests running side by side)', async () => {
    await addFault({ route: 'token', kind: '503', tenant: 'contosotest.onmicrosoft.com' });
    await addFault({ route: 'token', kind: '500', tenant: '99999999-aaaa-4aaa-8aaa-000000000099' });
    await addFault({ route: 'graph-users', kind: '500' });
    expect((await control(emu, 'DELETE', `/faults?tenant=${T.contoso}`)).status).toBe(200);
    const left = (await (await control(emu, 'GET', '/faults')).json()) as { rule: Json }[];
    expect(left.map((f) => f.rule.tenant ?? 'any')).toEqual(['99999999-aaaa-4aaa-8aaa-000000000099', 'any']);
    expect((await tokenRequest(emu, T.contoso, creds)).status).toBe(200);
  });
});

describe('fault kinds', () => {
  it('429 at the token endpoint: plain text and Retry-After', async () => {
    await addFault({ route: 'token', kind: '429', retryAfter: 7, times: 1 });
    const res = await tokenRequest(emu, T.contoso, creds);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.text()).toBe('Too Many Requests');
    expect((await tokenRequest(emu, T.contoso, creds)).status).toBe(200);
  });

  it('429 at Graph: the throttling sample shape with fresh ids', async () => {
    await addFault({ route: 'graph-users', kind: 429, times: 1 });
    const res = await graphGet(emu, '/v1.0/users', token);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    const body = (await res.json()) as { error: Json & { innerError: Json } };
    const sample = fixture<{ error: Json & { innerError: Json } }>('graph-error-429-throttled.graph-docs-throttling-sample.json');
    expect(Object.keys(body.error)).toEqual(Object.keys(sample.error));
    expect(Object.keys(body.error.innerError)).toEqual(Object.keys(sample.error.innerError));
    expect(body.error['code']).toBe('TooManyRequests');
    expect(body.error.innerError['request-id']).toMatch(GUID);
    expect(body.error.innerError['request-id']).not.toBe(sample.error.innerError['request-id']);
    expect((await graphGet(emu, '/v1.0/users', token)).status).toBe(200);
  });

  it('500 and 503 are shaped like Entra / Graph errors', async () => {
    await addFault({ route: 'token', kind: '500', times: 1 });
    const tokenRes = await tokenRequest(emu, T.contoso, creds);
    expect(tokenRes.status).toBe(500);
    const tokenBody = (await tokenRes.json()) as Json;
    expect(String(tokenBody['error_description'])).toMatch(DESCRIPTION_MODERN);
    await addFault({ route: 'graph-any', kind: '503', retryAfter: 3, times: 1 });
    const graphRes = await graphGet(emu, '/v1.0/users', token);
    expect(graphRes.status).toBe(503);
    expect(graphRes.headers.get('retry-after')).toBe('3');
    expect(Object.keys(((await graphRes.json()) as { error: Json }).error)).toEqual(['code', 'message', 'innerError']);
  });

  it('malformed: 200 application/json with a truncated body', async () => {
    await addFault({ route: 'token', kind: 'malformed', times: 1 });
    const res = await tokenRequest(emu, T.contoso, creds);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('html: 502 gateway page', async () => {
    await addFault({ route: 'discovery', kind: 'html', times: 1 });
    const res = await fetch(`${emu.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('502 Bad Gateway');
  });

  it('empty: 200 with no body', async () => {
    await addFault({ route: 'graph-organization', kind: 'empty', times: 1 });
    const res = await graphGet(emu, '/v1.0/organization', token);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('reset: the connection is destroyed', async () => {
    await addFault({ route: 'graph-user', kind: 'reset', times: 1 });
    await expect(graphGet(emu, '/v1.0/users/x@contoso-test.com', token)).rejects.toThrow();
  });

  it('hang never answers and does not block other requests', async () => {
    await addFault({ route: 'graph-users', kind: 'hang', times: 1 });
    const controller = new AbortController();
    const hung = graphGet(emu, '/v1.0/users', token, {}).catch((e: unknown) => e);
    const afterFault = fetch(`${emu.graphUrl}/v1.0/users`, { signal: controller.signal, headers: { Authorization: `Bearer ${token}` } }).catch(
      (e: unknown) => e,
    );
    const started = Date.now();
    const other = await tokenRequest(emu, T.contoso, creds);
    expect(other.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    // The request after the fault is answered (within a bound loose enough for a loaded machine) while the hung one is not.
    const second = await Promise.race([afterFault.then(() => 'answered'), new Promise((r) => setTimeout(() => r('pending'), 2_000))]);
    expect(second).not.toBe('pending');
    const first = await Promise.race([hung.then(() => 'answered'), new Promise((r) => setTimeout(() => r('pending'), 300))]);
    expect(first).toBe('pending');
    controller.abort();
  });
});

describe('fault answers as a browser meets them', () => {
  const ORIGIN = 'http://localhost:3000';

  it('Graph: echo the Origin and expose Retry-After, as delegated Graph answers do; nothing without an Origin', async () => {
    await addFault({ route: 'graph-users', kind: '503', retryAfter: 4, times: 2 });
    const res = await graphGet(emu, '/v1.0/users', token, { Origin: ORIGIN });
    expect(res.status).toBe(503);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(res.headers.get('vary')).toBe('Origin');
    const server = await graphGet(emu, '/v1.0/users', token);
    expect(server.status).toBe(503);
    expect(server.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('login: Access-Control-Allow-Origin * on every fault kind that answers', async () => {
    for (const kind of ['429', 'malformed', 'html', 'empty']) {
      await addFault({ route: 'token', kind, times: 1 });
      const res = await fetch(`${emu.loginUrl}/${T.contoso}/oauth2/v2.0/token`, { ...form(creds), headers: { ...form(creds).headers, Origin: ORIGIN } });
      expect(res.headers.get('access-control-allow-origin'), kind).toBe('*');
      await res.arrayBuffer();
    }
  });

  it("Entra faults use the tenant's error layout and the caller's correlation id in lower case (like login.ts)", async () => {
    await addFault({ route: 'token', kind: '503', tenant: T.legacy, times: 1 });
    const res = await fetch(`${emu.loginUrl}/${T.legacy}/oauth2/v2.0/token`, {
      ...form({ ...creds, client_id: A.legacy }),
      headers: { ...form(creds).headers, 'client-request-id': 'ABCDEF01-2345-4678-89AB-CDEF01234567' },
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as Json;
    expect(Object.keys(body)).toEqual(Object.keys(fixture('token-error-90002-tenant-not-found-400.azure-sdk-recording-2021.json')));
    expect(body['error_codes']).toEqual([90033]);
    expect(body['correlation_id']).toBe('abcdef01-2345-4678-89ab-cdef01234567');
    const m = DESCRIPTION_LEGACY.exec(String(body['error_description']));
    expect(m?.[4]).toBe('abcdef01-2345-4678-89ab-cdef01234567');
  });
});

describe('fault scoping', () => {
  it('by tenant (GUID or domain) and by app, on both hosts', async () => {
    await addFault({ route: 'token', kind: '503', tenant: 'contoso-test.com' });
    expect((await tokenRequest(emu, T.contoso, creds)).status).toBe(503);
    expect((await tokenRequest(emu, T.legacy, { ...creds, client_id: A.legacy })).status).toBe(200);
    await control(emu, 'DELETE', '/faults');

    await addFault({ route: 'graph-users', kind: '429', appId: A.reader });
    expect((await graphGet(emu, '/v1.0/users', token)).status).toBe(200);
    const readerToken = await getToken(emu, A.reader);
    expect((await graphGet(emu, '/v1.0/users', readerToken)).status).toBe(429);
    await control(emu, 'DELETE', '/faults');

    await addFault({ route: 'graph-any', kind: '500', tenant: T.legacy });
    expect((await graphGet(emu, '/v1.0/users', token)).status).toBe(200);
  });

  it('times counts down', async () => {
    await addFault({ route: 'token', kind: '429', times: 2 });
    expect((await tokenRequest(emu, T.contoso, creds)).status).toBe(429);
    expect((await tokenRequest(emu, T.contoso, creds)).status).toBe(429);
    expect((await tokenRequest(emu, T.contoso, creds)).status).toBe(200);
  });
});

describe('latency', () => {
  it('global and per route', async () => {
    await control(emu, 'POST', '/latency', { ms: 300, route: 'graph-users' });
    let started = Date.now();
    expect((await graphGet(emu, '/v1.0/users?$top=1', token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    await graphGet(emu, `/v1.0/users/nobody@contoso-test.com`, token);
    expect(Date.now() - started).toBeLessThan(250);
    await control(emu, 'POST', '/latency', { ms: 120 });
    started = Date.now();
    await tokenRequest(emu, T.contoso, creds);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
