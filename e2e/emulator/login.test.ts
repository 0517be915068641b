import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './server';
import {
  A,
  DESCRIPTION_LEGACY,
  DESCRIPTION_MODERN,
  EXPIRED_SECRET,
  FUTURE_SECRET,
  GOOD_OBJECT_ID,
  GOOD_SP_ID,
  GUID,
  SECRET,
  SECRET_KEY_ID,
  T,
  control,
  decodeJwt,
  descriptionText,
  fixture,
  getToken,
  startTestEmulator,
  tokenRequest,
} from './test-support';

type Json = Record<string, unknown>;

const ERROR_KEYS = Object.keys(fixture('token-error-7000215-invalid-client-secret-401.issue-OfficeDev-m365-agents-toolkit-8621.json'));
const discoveryFixture = fixture('oidc-openid-configuration-tenant-guid.azure-sdk-recording-2022.json');
const claimsFixture = fixture('access-token-app-only-graph-v1-decoded-payload.public-readme-2024.json');

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

function without(params: Record<string, string>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => k !== key));
}

const creds = (over: Record<string, string> = {}) => ({
  client_id: A.good,
  client_secret: SECRET,
  scope: 'https://graph.microsoft.com/.default',
  grant_type: 'client_credentials',
  ...over,
});

async function expectAadError(res: Response, status: number, error: string, code: number, format: 'modern' | 'legacy' = 'modern'): Promise<Json> {
  const body = (await res.json()) as Json;
  expect(res.status).toBe(status);
  expect(Object.keys(body)).toEqual(ERROR_KEYS);
  expect(body['error']).toBe(error);
  expect(body['error_codes']).toEqual([code]);
  expect(body['error_uri']).toBe(`https://login.microsoftonline.com/error?code=${code}`);
  expect(body['timestamp']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body['trace_id']).toMatch(GUID);
  expect(body['correlation_id']).toMatch(GUID);
  const description = String(body['error_description']);
  const m = (format === 'modern' ? DESCRIPTION_MODERN : DESCRIPTION_LEGACY).exec(description);
  expect(m, description).not.toBeNull();
  expect(m?.[1]).toBe(String(code));
  expect(m?.[3]).toBe(body['trace_id']);
  expect(m?.[4]).toBe(body['correlation_id']);
  expect(m?.[5]).toBe(body['timestamp']);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(res.headers.get('x-ms-request-id')).toBe(body['trace_id']);
  return body;
}

describe('the test regexes fit the real captures', () => {
  it.each([
    ['oidc-error-90002-invalid-tenant-400.azure-sdk-recording-2023.json', DESCRIPTION_LEGACY],
    ['token-error-7000215-invalid-client-secret-401.issue-OfficeDev-m365-agents-toolkit-8621.json', DESCRIPTION_LEGACY],
    ['token-error-7000222-expired-secret-401.issue-botframework-sdk-6221.json', DESCRIPTION_LEGACY],
    ['token-error-90002-tenant-not-found-400.azure-sdk-recording-2021.json', DESCRIPTION_LEGACY],
    ['token-error-70011-invalid-scope-400.entra-docs.json', DESCRIPTION_LEGACY],
    ['token-error-700016-app-not-found-400.terraform-log-2026.json', DESCRIPTION_MODERN],
  ])('%s', (name, re) => {
    expect(String(fixture(name)['error_description'])).toMatch(re);
  });
});

describe('OIDC discovery', () => {
  it('answers a GUID with the fixture key set, in order, every URL carrying the GUID', async () => {
    const res = await fetch(`${emu.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-ms-request-id')).toMatch(GUID);
    const doc = (await res.json()) as Json;
    expect(Object.keys(doc)).toEqual(Object.keys(discoveryFixture));
    for (const key of ['token_endpoint', 'jwks_uri', 'issuer', 'authorization_endpoint', 'device_authorization_endpoint', 'end_session_endpoint', 'kerberos_endpoint']) {
      const fixtureUrl = String(discoveryFixture[key]).replace('https://login.microsoftonline.com', emu.loginUrl).replace('12345678-1234-1234-1234-123456789012', T.contoso);
      expect(doc[key]).toBe(fixtureUrl);
    }
    expect(doc['userinfo_endpoint']).toBe(`${emu.graphUrl}/oidc/userinfo`);
    for (const key of ['tenant_region_scope', 'cloud_instance_name', 'cloud_graph_host_name', 'msgraph_host', 'rbac_url', 'claims_supported', 'scopes_supported']) {
      expect(doc[key]).toEqual(discoveryFixture[key]);
    }
  });

  it('resolves a verified domain, case-insensitively, to the GUID everywhere', async () => {
    for (const name of ['contoso-test.com', 'ContosoTest.OnMicrosoft.com', T.contoso.toUpperCase()]) {
      const doc = (await (await fetch(`${emu.loginUrl}/${name}/v2.0/.well-known/openid-configuration`)).json()) as Json;
      expect(doc['issuer']).toBe(`${emu.loginUrl}/${T.contoso}/v2.0`);
      expect(doc['token_endpoint']).toBe(`${emu.loginUrl}/${T.contoso}/oauth2/v2.0/token`);
    }
  });

  it('serves the v1 document with the sts.windows.net issuer', async () => {
    const doc = (await (await fetch(`${emu.loginUrl}/contoso-test.com/.well-known/openid-configuration`)).json()) as Json;
    expect(doc['issuer']).toBe(`https://sts.windows.net/${T.contoso}/`);
    expect(doc['token_endpoint']).toBe(`${emu.loginUrl}/${T.contoso}/oauth2/token`);
  });

  it('reports the tenant region', async () => {
    const doc = (await (await fetch(`${emu.loginUrl}/${T.eu}/v2.0/.well-known/openid-configuration`)).json()) as Json;
    expect(doc['tenant_region_scope']).toBe('EU');
  });

  it('answers an unknown tenant with 400 invalid_tenant 90002 worded like the capture', async () => {
    const res = await fetch(`${emu.loginUrl}/tenant/v2.0/.well-known/openid-configuration`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await expectAadError(res, 400, 'invalid_tenant', 90002);
    const captured = fixture('oidc-error-90002-invalid-tenant-400.azure-sdk-recording-2023.json');
    expect(descriptionText(String(body['error_description']))).toBe(descriptionText(String(captured['error_description'])));
  });

  it('answers a malformed tenant with 900023', async () => {
    const res = await fetch(`${emu.loginUrl}/not%20a%20tenant!/v2.0/.well-known/openid-configuration`);
    const body = await expectAadError(res, 400, 'invalid_request', 900023);
    expect(descriptionText(String(body['error_description']))).toBe(
      "Specified tenant identifier 'not a tenant!' is neither a valid DNS name, nor a valid external domain.",
    );
  });

  it('answers a US Gov tenant asked on the global authority with its own cloud', async () => {
    const doc = (await (await fetch(`${emu.loginUrl}/govtenant.onmicrosoft.us/v2.0/.well-known/openid-configuration`)).json()) as Json;
    expect(doc['token_endpoint']).toBe(`https://login.microsoftonline.us/${T.usgov}/oauth2/v2.0/token`);
    expect(doc['issuer']).toBe(`https://login.microsoftonline.us/${T.usgov}/v2.0`);
    expect(doc['cloud_instance_name']).toBe('microsoftonline.us');
    expect(doc['msgraph_host']).toBe('graph.microsoft.us');
    expect(doc['tenant_region_scope']).toBe('USGov');
    const dod = (await (await fetch(`${emu.loginUrl}/${T.dod}/v2.0/.well-known/openid-configuration`)).json()) as Json;
    expect(dod['msgraph_host']).toBe('dod-graph.microsoft.us');
  });

  it('does not know China tenants on the global authority', async () => {
    await expectAadError(await fetch(`${emu.loginUrl}/${T.china}/v2.0/.well-known/openid-configuration`), 400, 'invalid_tenant', 90002);
  });

  it('publishes the signing key at jwks_uri', async () => {
    const doc = (await (await fetch(`${emu.loginUrl}/${T.contoso}/v2.0/.well-known/openid-configuration`)).json()) as Json;
    const jwks = (await (await fetch(String(doc['jwks_uri']))).json()) as { keys: Json[] };
    expect(jwks.keys).toHaveLength(1);
    const key = jwks.keys[0] ?? {};
    expect(Object.keys(key)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c', 'cloud_instance_name', 'issuer']);
    const { X509Certificate } = await import('node:crypto');
    const cert = new X509Certificate(Buffer.from(String((key['x5c'] as string[])[0]), 'base64'));
    expect(cert.publicKey.export({ format: 'jwk' }).n).toBe(key['n']);
    const token = await getToken(emu);
    expect(decodeJwt(token).header['kid']).toBe(key['kid']);
  });
});

describe('token endpoint: success', () => {
  it('returns the recorded key set with Entra headers', async () => {
    const res = await tokenRequest(emu, T.contoso, creds());
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(Object.keys(body)).toEqual(Object.keys(fixture('token-success-client-credentials.azure-sdk-recording-2022.json')));
    expect(body['token_type']).toBe('Bearer');
    expect(body['expires_in']).toBe(3599);
    expect(body['ext_expires_in']).toBe(3599);
    expect(res.headers.get('cache-control')).toBe('no-store, no-cache');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-ms-request-id')).toMatch(GUID);
  });

  it('issues a v1 app-only token with exactly the claims of the real one', async () => {
    const token = await getToken(emu, A.good, 'contoso-test.com');
    const { header, payload } = decodeJwt(token);
    expect(Object.keys(header)).toEqual(['typ', 'nonce', 'alg', 'x5t', 'kid']);
    expect(header['alg']).toBe('RS256');
    expect(Object.keys(payload)).toEqual(Object.keys(claimsFixture));
    expect(payload).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${T.contoso}/`,
      idp: `https://sts.windows.net/${T.contoso}/`,
      appid: A.good,
      app_displayname: 'Nexthink connector',
      appidacr: '1',
      idtyp: 'app',
      oid: GOOD_SP_ID,
      sub: GOOD_SP_ID,
      roles: ['User.Read.All'],
      tid: T.contoso,
      ver: '1.0',
      tenant_region_scope: 'WW',
      wids: claimsFixture['wids'],
    });
    for (const key of Object.keys(claimsFixture)) expect(typeof payload[key]).toBe(typeof claimsFixture[key]);
    const exp = Number(payload['exp']);
    expect(exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
    expect(Number(payload['nbf'])).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it('omits roles entirely without admin consent; delegated permissions never appear', async () => {
    const { payload } = decodeJwt(await getToken(emu, A.noConsent));
    expect('roles' in payload).toBe(false);
    expect(Object.keys(payload)).toEqual(Object.keys(claimsFixture).filter((k) => k !== 'roles'));
    const good = decodeJwt(await getToken(emu, A.good)).payload;
    expect(good['roles']).toEqual(['User.Read.All']);
  });

  it('accepts HTTP Basic client authentication and ignores MSAL extras', async () => {
    const basic = Buffer.from(`${encodeURIComponent(A.good)}:${encodeURIComponent(SECRET)}`).toString('base64');
    const body = new URLSearchParams({
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
      'x-client-SKU': 'msal.js.node',
      'x-client-VER': '3.0.0',
      'x-ms-lib-capability': 'retry-after, h429',
      'client-request-id': 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      'x-client-current-telemetry': '5|771,2,,,|,',
    });
    const res = await fetch(`${emu.loginUrl}/${T.contoso}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
      body: body.toString(),
    });
    expect(res.status).toBe(200);
  });

  it.each([
    'https://graph.microsoft.com/.default',
    'https://graph.microsoft.com//.default',
    'HTTPS://GRAPH.MICROSOFT.COM/.default',
    '00000003-0000-0000-c000-000000000000/.default',
  ])('accepts scope %s', async (scope) => {
    expect((await tokenRequest(emu, T.contoso, creds({ scope }))).status).toBe(200);
  });

  it('records every issued token', async () => {
    const token = await getToken(emu);
    const issued = (await (await control(emu, 'GET', '/issued-tokens')).json()) as string[];
    expect(issued).toContain(token);
  });
});

describe('token endpoint: errors, in order of evaluation', () => {
  it('unknown tenant: 400 invalid_request 90002 worded like the token capture', async () => {
    const id = '12345678-1234-1234-1234-123456789012';
    const body = await expectAadError(await tokenRequest(emu, id, creds()), 400, 'invalid_request', 90002);
    const captured = fixture('token-error-90002-tenant-not-found-400.azure-sdk-recording-2021.json');
    expect(descriptionText(String(body['error_description']))).toBe(descriptionText(String(captured['error_description'])));
  });

  it('malformed tenant: 900023', async () => {
    await expectAadError(await tokenRequest(emu, 'bad_tenant!', creds()), 400, 'invalid_request', 900023);
  });

  it('US Gov tenant on the global endpoint: 900382', async () => {
    const body = await expectAadError(await tokenRequest(emu, T.usgov, creds({ client_id: A.gov })), 400, 'invalid_request', 900382);
    expect(descriptionText(String(body['error_description']))).toBe('Confidential Client is not supported in Cross Cloud request.');
  });

  it('grant_type missing: 900144; other grant types: 70003', async () => {
    const missing = await expectAadError(await tokenRequest(emu, T.contoso, without(creds(), 'grant_type')), 400, 'invalid_request', 900144);
    expect(descriptionText(String(missing['error_description']))).toBe("The request body must contain the following parameter: 'grant_type'.");
    await expectAadError(await tokenRequest(emu, T.contoso, creds({ grant_type: 'password' })), 400, 'unsupported_grant_type', 70003);
  });

  it('a JSON body is not read: grant_type missing', async () => {
    const res = await fetch(`${emu.loginUrl}/${T.contoso}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(creds()),
    });
    await expectAadError(res, 400, 'invalid_request', 900144);
  });

  it('client_id missing: 900144', async () => {
    const body = await expectAadError(await tokenRequest(emu, T.contoso, without(creds(), 'client_id')), 400, 'invalid_request', 900144);
    expect(descriptionText(String(body['error_description']))).toBe("The request body must contain the following parameter: 'client_id'.");
  });

  it.each([
    ['an unknown app id', '8060e3ec-cbe3-4174-94cf-80065f998444'],
    ['the Object ID', GOOD_OBJECT_ID],
    ['the tenant ID', T.contoso],
  ])('700016 for %s, worded like the capture', async (_label, clientId) => {
    const body = await expectAadError(await tokenRequest(emu, T.contoso, creds({ client_id: clientId })), 400, 'unauthorized_client', 700016);
    const captured = fixture('token-error-700016-app-not-found-400.terraform-log-2026.json');
    const expected = descriptionText(String(captured['error_description']))
      .replace('8060e3ec-cbe3-4174-94cf-80065f998444', clientId)
      .replace("'EUNEIZ'", "'Contoso Test'");
    expect(descriptionText(String(body['error_description']))).toBe(expected);
  });

  it('no secret: 401 invalid_client 7000218', async () => {
    await expectAadError(await tokenRequest(emu, T.contoso, without(creds(), 'client_secret')), 401, 'invalid_client', 7000218);
  });

  it.each([
    ['a wrong value', 'nope'],
    ['the Secret ID', SECRET_KEY_ID],
    ['a secret not valid yet', FUTURE_SECRET],
  ])('7000215 for %s, worded like the capture', async (_label, secret) => {
    const body = await expectAadError(await tokenRequest(emu, T.contoso, creds({ client_secret: secret })), 401, 'invalid_client', 7000215);
    const captured = fixture('token-error-7000215-invalid-client-secret-401.issue-OfficeDev-m365-agents-toolkit-8621.json');
    expect(descriptionText(String(body['error_description']))).toBe(
      descriptionText(String(captured['error_description'])).replace('a8fdfbd0-da97-42d9-8f1a-fd6a7cb650b4', A.good),
    );
  });

  it('expired secret: 7000222 (legacy wording and layout in a legacy tenant)', async () => {
    const modern = await expectAadError(await tokenRequest(emu, T.contoso, creds({ client_secret: EXPIRED_SECRET })), 401, 'invalid_client', 7000222);
    expect(descriptionText(String(modern['error_description']))).toContain(`The provided client secret keys for app '${A.good}' are expired.`);
    const legacy = await expectAadError(
      await tokenRequest(emu, T.legacy, creds({ client_id: A.legacy, client_secret: EXPIRED_SECRET })),
      401,
      'invalid_client',
      7000222,
      'legacy',
    );
    const captured = fixture('token-error-7000222-expired-secret-401.issue-botframework-sdk-6221.json');
    expect(descriptionText(String(legacy['error_description']))).toBe(descriptionText(String(captured['error_description'])));
  });

  it('missing service principal: 7000229', async () => {
    const body = await expectAadError(await tokenRequest(emu, T.contoso, creds({ client_id: A.noSp })), 401, 'invalid_client', 7000229);
    expect(descriptionText(String(body['error_description']))).toBe(
      `The client application ${A.noSp} is missing service principal in the tenant ${T.contoso}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    );
  });

  it('disabled app: 7000112', async () => {
    const body = await expectAadError(await tokenRequest(emu, T.contoso, creds({ client_id: A.disabled })), 400, 'unauthorized_client', 7000112);
    expect(descriptionText(String(body['error_description']))).toBe(`Application '${A.disabled}'(Disabled app) is disabled.`);
  });

  it('scope without /.default: 1002012', async () => {
    for (const scope of ['User.Read', 'https://graph.microsoft.com/User.Read.All']) {
      const body = await expectAadError(await tokenRequest(emu, T.contoso, creds({ scope })), 400, 'invalid_scope', 1002012);
      expect(descriptionText(String(body['error_description']))).toBe(
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
  });

  it("another cloud's Graph: 500011", async () => {
    const body = await expectAadError(await tokenRequest(emu, T.contoso, creds({ scope: 'https://graph.microsoft.us/.default' })), 400, 'invalid_resource', 500011);
    expect(descriptionText(String(body['error_description']))).toMatch(/^The resource principal named https:\/\/graph\.microsoft\.us was not found in the tenant named Contoso Test\. /);
  });

  it('unknown resource: 70011 worded like the docs', async () => {
    const scope = 'https://foo.microsoft.com/.default';
    const body = await expectAadError(await tokenRequest(emu, T.contoso, creds({ scope })), 400, 'invalid_scope', 70011);
    const captured = fixture('token-error-70011-invalid-scope-400.entra-docs.json');
    expect(descriptionText(String(body['error_description']))).toBe(descriptionText(String(captured['error_description'])));
  });

  it('missing scope: 900144', async () => {
    await expectAadError(await tokenRequest(emu, T.contoso, without(creds(), 'scope')), 400, 'invalid_request', 900144);
  });

  it('GET on the token endpoint: 900561', async () => {
    await expectAadError(await fetch(`${emu.loginUrl}/${T.contoso}/oauth2/v2.0/token`), 400, 'invalid_request', 900561);
  });

  it('uses the caller client-request-id as correlation id', async () => {
    const cid = '0f0f0f0f-1111-4222-8333-444444444444';
    const res = await fetch(`${emu.loginUrl}/${T.contoso}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'client-request-id': cid },
      body: new URLSearchParams(creds({ client_secret: 'wrong' })).toString(),
    });
    expect(((await res.json()) as Json)['correlation_id']).toBe(cid);
  });
});

describe('consent changes', () => {
  it('apply to tokens issued after the change; delayed changes show up only after the delay', async () => {
    const before = decodeJwt(await getToken(emu, A.noConsent)).payload;
    expect(before['roles']).toBeUndefined();
    let res = await control(emu, 'POST', `/tenants/${T.contoso}/apps/${A.noConsent}/roles`, { add: ['User.Read.All'], delaySeconds: 120 });
    expect(res.status).toBe(200);
    expect(decodeJwt(await getToken(emu, A.noConsent)).payload['roles']).toBeUndefined();
    await control(emu, 'POST', '/clock', { offsetSeconds: 121 });
    try {
      expect(decodeJwt(await getToken(emu, A.noConsent)).payload['roles']).toEqual(['User.Read.All']);
      res = await control(emu, 'POST', `/tenants/${T.contoso}/apps/${A.noConsent}/roles`, { remove: ['User.Read.All'] });
      expect(((await res.json()) as Json)['roles']).toEqual([]);
      expect(decodeJwt(await getToken(emu, A.noConsent)).payload['roles']).toBeUndefined();
    } finally {
      await control(emu, 'POST', '/clock', { offsetSeconds: 0 });
    }
  });
});
