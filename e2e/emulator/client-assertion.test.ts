import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitorKeys, signClientAssertion, type MonitorKeys } from '@/lib/monitor/certificate';
import type { RunningEmulator } from './server';
import { T, control, descriptionText, graphGet, startTestEmulator, tokenRequest } from './test-support';

const MONITOR = 'a0a0a0a0-0000-4000-8000-00000000aaaa';
const NEXTHINK = 'b1b1b1b1-0000-4000-8000-00000000bbbb';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let emu: RunningEmulator;
let keys: MonitorKeys;
let other: MonitorKeys;
let tokenUrl: string;

beforeAll(async () => {
  [keys, other] = await Promise.all([createMonitorKeys('Nexthink setup monitor'), createMonitorKeys('Not uploaded')]);
  emu = await startTestEmulator();
  const tenant = {
    id: T.contoso,
    displayName: 'Contoso Test',
    domains: ['contosotest.onmicrosoft.com', 'contoso-test.com'],
    apps: [
      { appId: MONITOR, displayName: 'Nexthink setup monitor (read-only)', certificates: [{ certificate: keys.certificatePem }], roles: ['Application.Read.All', 'AuditLog.Read.All'] },
      {
        appId: NEXTHINK,
        displayName: 'Nexthink connector',
        secrets: [{ keyId: 'c2c2c2c2-0000-4000-8000-00000000cccc', value: 'Nx1Q~secret-value-000000000000000000001', endDateTime: '2100-01-01T00:00:00Z' }],
        roles: ['User.Read.All'],
      },
    ],
    users: [{ userPrincipalName: 'adele@contoso-test.com', department: 'Sales' }],
  };
  expect((await control(emu, 'POST', '/tenants', tenant)).status).toBe(200);
  tokenUrl = `https://login.microsoftonline.com/${T.contoso}/oauth2/v2.0/token`;
});
afterAll(async () => {
  await emu.close();
});

async function assertionToken(assertion: string, extra: Record<string, string> = {}) {
  const res = await tokenRequest(emu, T.contoso, {
    client_id: MONITOR,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    scope: 'https://graph.microsoft.com/.default',
    grant_type: 'client_credentials',
    ...extra,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function codeOf(body: Record<string, unknown>): number | undefined {
  return (body['error_codes'] as number[] | undefined)?.[0];
}

describe('client assertion (certificate credential)', () => {
  it('issues a token with the roles for an assertion signed by the uploaded certificate', async () => {
    const { status, body } = await assertionToken(await signClientAssertion({ ...keys, clientId: MONITOR, tokenUrl }));
    expect(status).toBe(200);
    const payload = JSON.parse(Buffer.from(String(body['access_token']).split('.')[1] ?? '', 'base64url').toString()) as { roles: string[] };
    expect(payload.roles).toEqual(['Application.Read.All', 'AuditLog.Read.All']);
  });

  it('refuses a certificate that is not uploaded on the app (700027, thumbprint named)', async () => {
    const { status, body } = await assertionToken(await signClientAssertion({ ...other, clientId: MONITOR, tokenUrl }));
    expect(status).toBe(401);
    expect(codeOf(body)).toBe(700027);
    expect(descriptionText(String(body['error_description']))).toContain(other.thumbprintSha256);
  });

  it('refuses a tampered signature (700027)', async () => {
    const jwt = await signClientAssertion({ ...keys, clientId: MONITOR, tokenUrl });
    const [h, p] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: Number(claims['exp']) + 3600 })).toString('base64url')}.${jwt.split('.')[2]}`;
    const { body } = await assertionToken(forged);
    expect(codeOf(body)).toBe(700027);
    expect(String(body['error_description'])).toContain('did not match the expected signature');
  });

  it('refuses an expired assertion (700024) and one not yet valid', async () => {
    const past = await signClientAssertion({ ...keys, clientId: MONITOR, tokenUrl, now: new Date(Date.now() - 3600_000) });
    expect(codeOf((await assertionToken(past)).body)).toBe(700024);
    const future = await signClientAssertion({ ...keys, clientId: MONITOR, tokenUrl, now: new Date(Date.now() + 3600_000) });
    expect(codeOf((await assertionToken(future)).body)).toBe(700024);
  });

  it('refuses a wrong audience (700023)', async () => {
    const jwt = await signClientAssertion({ ...keys, clientId: MONITOR, tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' });
    expect(codeOf((await assertionToken(jwt)).body)).toBe(700023);
  });

  it('refuses iss/sub of another client (700021) and a replayed assertion', async () => {
    const wrong = await signClientAssertion({ ...keys, clientId: NEXTHINK, tokenUrl });
    expect(codeOf((await assertionToken(wrong)).body)).toBe(700021);
    const once = await signClientAssertion({ ...keys, clientId: MONITOR, tokenUrl });
    expect((await assertionToken(once)).status).toBe(200);
    const again = await assertionToken(once);
    expect(again.status).toBe(401);
    expect(String(again.body['error_description'])).toContain('already used');
  });

  it('accepts a certificate once uploaded through the control API (the demo\'s "Upload certificate")', async () => {
    const res = await fetch(`${emu.loginUrl}/_emulator/tenants/${T.contoso}/apps/${MONITOR}/certificates`, { method: 'POST', body: other.certificatePem });
    expect(((await res.json()) as { thumbprint: string }).thumbprint).toBe(other.thumbprintSha1);
    expect((await assertionToken(await signClientAssertion({ ...other, clientId: MONITOR, tokenUrl }))).status).toBe(200);
  });

  it('refuses a header without thumbprint (5002723) and an HMAC algorithm (5002738)', async () => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = enc({ iss: MONITOR, sub: MONITOR, aud: tokenUrl, exp: Math.floor(Date.now() / 1000) + 300, jti: 'x' });
    expect(codeOf((await assertionToken(`${enc({ alg: 'RS256' })}.${claims}.AAAA`)).body)).toBe(5002723);
    expect(codeOf((await assertionToken(`${enc({ alg: 'HS256', 'x5t#S256': 'abc' })}.${claims}.AAAA`)).body)).toBe(5002738);
  });
});

describe('what the monitoring identity reads', () => {
  async function monitorToken(): Promise<string> {
    const { body } = await assertionToken(await signClientAssertion({ ...keys, clientId: MONITOR, tokenUrl }));
    return String(body['access_token']);
  }

  it('reads the Nexthink app, its service principal and grants, and the sign-in activity reports', async () => {
    const token = await monitorToken();
    const app = (await (await graphGet(emu, `/v1.0/applications(appId='${NEXTHINK}')?$select=appId,signInAudience,passwordCredentials`, token)).json()) as Record<string, unknown>;
    expect(app['signInAudience']).toBe('AzureADMyOrg');
    expect(app['passwordCredentials']).toEqual([expect.objectContaining({ keyId: 'c2c2c2c2-0000-4000-8000-00000000cccc', hint: 'Nx1', secretText: null })]);
    const sp = (await (await graphGet(emu, `/v1.0/servicePrincipals(appId='${NEXTHINK}')`, token)).json()) as Record<string, unknown>;
    expect(sp['accountEnabled']).toBe(true);
    const grants = (await (await graphGet(emu, `/v1.0/servicePrincipals/${String(sp['id'])}/appRoleAssignments`, token)).json()) as { value: { appRoleId: string }[] };
    expect(grants.value.map((g) => g.appRoleId)).toEqual(['df021288-bdef-4463-88db-98f22de89214']);

    await control(emu, 'POST', `/tenants/${T.contoso}/apps/${NEXTHINK}`, { used: { keyId: 'c2c2c2c2-0000-4000-8000-00000000cccc', at: '2026-12-01T06:00:00Z' } });
    const report = (await (await graphGet(emu, `/beta/reports/appCredentialSignInActivities?$filter=appId eq '${NEXTHINK}'`, token)).json()) as { value: Record<string, unknown>[] };
    expect(report.value).toEqual([
      expect.objectContaining({ keyId: 'c2c2c2c2-0000-4000-8000-00000000cccc', keyType: 'clientSecret', signInActivity: expect.objectContaining({ lastSignInDateTime: '2026-12-01T06:00:00.000Z' }) }),
    ]);
    const v1 = await graphGet(emu, '/v1.0/reports/appCredentialSignInActivities', token);
    expect(v1.status).toBe(400);
  });

  it('changes between runs: grant removed, SP disabled, secret added and deleted, app deleted', async () => {
    const token = await monitorToken();
    await control(emu, 'POST', `/tenants/${T.contoso}/apps/${NEXTHINK}/roles`, { remove: ['User.Read.All'] });
    await control(emu, 'POST', `/tenants/${T.contoso}/apps/${NEXTHINK}`, { enabled: false, addSecret: { value: 'Zz9Q~another-secret', endDateTime: '2027-01-01T00:00:00Z' } });
    const sp = (await (await graphGet(emu, `/v1.0/servicePrincipals(appId='${NEXTHINK}')`, token)).json()) as Record<string, unknown>;
    expect(sp['accountEnabled']).toBe(false);
    const grants = (await (await graphGet(emu, `/v1.0/servicePrincipals/${String(sp['id'])}/appRoleAssignments`, token)).json()) as { value: unknown[] };
    expect(grants.value).toEqual([]);
    const app = (await (await graphGet(emu, `/v1.0/applications(appId='${NEXTHINK}')`, token)).json()) as { passwordCredentials: { hint: string }[] };
    expect(app.passwordCredentials.map((p) => p.hint)).toEqual(['Nx1', 'Zz9']);
    await control(emu, 'POST', `/tenants/${T.contoso}/apps/${NEXTHINK}`, { delete: true });
    expect((await graphGet(emu, `/v1.0/applications(appId='${NEXTHINK}')`, token)).status).toBe(404);
  });
});
