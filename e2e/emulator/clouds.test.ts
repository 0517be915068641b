import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './server';
import { A, SECRET, T, decodeJwt, graphGet, testScenario, tokenRequest } from './test-support';

type Json = Record<string, unknown>;

const creds = (clientId: string, scope: string) => ({ client_id: clientId, client_secret: SECRET, scope, grant_type: 'client_credentials' });

describe('an emulator serving the US Government cloud', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ scenario: testScenario(), servedCloud: 'usgov' });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('answers its own tenants with its own URLs and US Gov values', async () => {
    const doc = (await (await fetch(`${emu.loginUrl}/govtenant.onmicrosoft.us/v2.0/.well-known/openid-configuration`)).json()) as Json;
    expect(doc['token_endpoint']).toBe(`${emu.loginUrl}/${T.usgov}/oauth2/v2.0/token`);
    expect(doc['userinfo_endpoint']).toBe(`${emu.graphUrl}/oidc/userinfo`);
    expect(doc).toMatchObject({
      cloud_instance_name: 'microsoftonline.us',
      msgraph_host: 'graph.microsoft.us',
      cloud_graph_host_name: 'graph.windows.net',
      tenant_region_scope: 'USGov',
    });
  });

  it('answers a global tenant with the global cloud, and refuses its confidential client (900382)', async () => {
    const doc = (await (await fetch(`${emu.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`)).json()) as Json;
    expect(doc['token_endpoint']).toBe(`https://login.microsoftonline.com/${T.contoso}/oauth2/v2.0/token`);
    const res = await tokenRequest(emu, T.contoso, creds(A.good, 'https://graph.microsoft.com/.default'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json)['error_codes']).toEqual([900382]);
  });

  it('issues graph.microsoft.us tokens that its Graph accepts; global Graph scope is 500011', async () => {
    const wrong = await tokenRequest(emu, T.usgov, creds(A.gov, 'https://graph.microsoft.com/.default'));
    expect(((await wrong.json()) as Json)['error_codes']).toEqual([500011]);
    const res = await tokenRequest(emu, T.usgov, creds(A.gov, 'https://graph.microsoft.us/.default'));
    expect(res.status).toBe(200);
    const token = String(((await res.json()) as Json)['access_token']);
    const claims = decodeJwt(token).payload;
    expect(claims['aud']).toBe('https://graph.microsoft.us');
    expect(claims['iss']).toBe(`https://login.microsoftonline.us/${T.usgov}/`);
    expect(claims['tenant_region_scope']).toBe('USGov');
    const page = await graphGet(emu, '/v1.0/users', token);
    expect(page.status).toBe(200);
    expect(((await page.json()) as Json)['@odata.context']).toBe('https://graph.microsoft.us/v1.0/$metadata#users');
  });

  it('a DoD token (dod-graph) is not valid at graph.microsoft.us', async () => {
    const res = await tokenRequest(emu, T.dod, creds(A.dod, 'https://dod-graph.microsoft.us/.default'));
    const token = String(((await res.json()) as Json)['access_token']);
    expect((await graphGet(emu, '/v1.0/users', token)).status).toBe(401);
  });
});

describe('an emulator serving China', () => {
  it('knows China tenants and not global ones', async () => {
    const emu = await startEmulator({ scenario: testScenario(), servedCloud: 'china' });
    try {
      const doc = (await (await fetch(`${emu.loginUrl}/${T.china}/v2.0/.well-known/openid-configuration`)).json()) as Json;
      expect(doc['msgraph_host']).toBe('microsoftgraph.chinacloudapi.cn');
      expect(doc['cloud_instance_name']).toBe('partner.microsoftonline.cn');
      expect((await fetch(`${emu.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`)).status).toBe(400);
    } finally {
      await emu.close();
    }
  });
});
