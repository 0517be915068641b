import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './server';
import { A, SECRET, T, control, getToken, graphGet, startTestEmulator, tokenRequest } from './test-support';

type Json = Record<string, unknown>;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const NEW_TENANT = '99999999-0000-4000-8000-000000000001';
const NEW_APP = '99999999-0000-4000-8000-000000000002';

describe('control API', () => {
  it('health on both listeners', async () => {
    for (const base of [emu.loginUrl, emu.graphUrl]) {
      expect(await (await fetch(`${base}/_emulator/health`)).json()).toEqual({ ok: true });
    }
  });

  it('logs emulated requests (not control calls), and clears the log', async () => {
    await control(emu, 'DELETE', '/requests');
    await tokenRequest(emu, 'contoso-test.com', { client_id: A.good, client_secret: SECRET, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
    await fetch(`${emu.graphUrl}/v1.0/users?$top=1`);
    const log = (await (await control(emu, 'GET', '/requests')).json()) as Json[];
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ host: 'login', method: 'POST', path: '/contoso-test.com/oauth2/v2.0/token', status: 200, tenant: T.contoso, appId: A.good });
    expect(log[0]?.['durationMs']).toEqual(expect.any(Number));
    expect(log[1]).toMatchObject({ host: 'graph', method: 'GET', path: '/v1.0/users?$top=1', status: 401 });
  });

  it('rejects bad JSON and invalid bodies with 400', async () => {
    expect((await control(emu, 'POST', '/faults', '{nope')).status).toBe(400);
    expect((await control(emu, 'POST', '/faults', { route: 'token', kind: 'explode' })).status).toBe(400);
    expect((await control(emu, 'POST', '/tenants', { id: 'not-a-guid' })).status).toBe(400);
    expect((await control(emu, 'POST', '/latency', { ms: -1 })).status).toBe(400);
    expect((await control(emu, 'GET', '/nothing-here')).status).toBe(404);
  });

  it('upserts and deletes tenants', async () => {
    const tenant = {
      id: NEW_TENANT,
      displayName: 'Fresh',
      domains: ['fresh.onmicrosoft.com'],
      apps: [{ appId: NEW_APP, displayName: 'Fresh app', secrets: [{ value: SECRET }], roles: ['User.Read.All'] }],
      users: [{ userPrincipalName: 'one@fresh.onmicrosoft.com', displayName: 'One' }],
    };
    expect((await control(emu, 'POST', '/tenants', tenant)).status).toBe(200);
    const token = await getToken(emu, NEW_APP, 'fresh.onmicrosoft.com');
    const page = (await (await graphGet(emu, '/v1.0/users?$select=userPrincipalName', token)).json()) as { value: Json[] };
    expect(page.value).toEqual([{ userPrincipalName: 'one@fresh.onmicrosoft.com' }]);
    expect((await control(emu, 'POST', '/tenants', { ...tenant, displayName: 'Fresh 2', users: [] })).status).toBe(200);
    const after = (await (await graphGet(emu, '/v1.0/users', token)).json()) as { value: Json[] };
    expect(after.value).toEqual([]);
    expect((await control(emu, 'POST', '/tenants', { ...tenant, id: '99999999-0000-4000-8000-000000000003' })).status).toBe(400);
    expect((await control(emu, 'DELETE', `/tenants/${NEW_TENANT}`)).status).toBe(200);
    expect((await fetch(`${emu.loginUrl}/fresh.onmicrosoft.com/v2.0/.well-known/openid-configuration`)).status).toBe(400);
  });

  it('reset restores the scenario and clears faults', async () => {
    await control(emu, 'DELETE', `/tenants/${T.contoso}`);
    await control(emu, 'POST', '/faults', { route: 'discovery', kind: '500' });
    await control(emu, 'POST', '/reset');
    expect((await fetch(`${emu.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`)).status).toBe(200);
    expect(await (await control(emu, 'GET', '/faults')).json()).toEqual([]);
  });

  it('survives hostile input and keeps answering', async () => {
    const raw = async (base: string, target: string, init: RequestInit = {}) => {
      try {
        return (await fetch(`${base}${target}`, init)).status;
      } catch {
        return -1;
      }
    };
    const statuses = [
      await raw(emu.graphUrl, '/v1.0/users/%E0%A4%A', { headers: { Authorization: 'Bearer x.y.z' } }),
      await raw(emu.graphUrl, '/v1.0/users?$filter=(((', { headers: { Authorization: 'Basic abc' } }),
      await raw(emu.graphUrl, '/%%%/'),
      await raw(emu.loginUrl, '/%E0%A4%A/oauth2/v2.0/token', { method: 'POST', body: 'client_id=%ZZ&&&=' }),
      await raw(emu.loginUrl, `/${T.contoso}/oauth2/v2.0/token`, { method: 'POST', headers: { Authorization: 'Basic !!!!', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }),
      await raw(emu.loginUrl, '/_emulator/tenants/%ZZ/apps/x/roles', { method: 'POST', body: '{}' }),
      await raw(emu.loginUrl, '/'),
    ];
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);
    expect((await fetch(`${emu.graphUrl}/_emulator/health`)).status).toBe(200);
  });
});

