import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './server';
import { DESCRIPTION_LEGACY, DESCRIPTION_MODERN, descriptionText, fixture } from './test-support';
import { parseTenant } from './scenario';
import { selfSignedTlsCertificate } from './tls-certificate';

const TENANT = '66666666-aaaa-4aaa-8aaa-000000000001';
const LEGACY_TENANT = '66666666-aaaa-4aaa-8aaa-000000000002';
const CLIENT = '77777777-bbbb-4bbb-8bbb-000000000001';
const CONNECTOR = '77777777-bbbb-4bbb-8bbb-000000000002';
const REDIRECT = 'http://127.0.0.1:3999/redirect';
const ORIGIN = 'http://127.0.0.1:3999';
const GRAPH = 'https://graph.microsoft.com';
const USER_READ_ALL_ROLE = 'df021288-bdef-4463-88db-98f22de89214';

type Json = Record<string, unknown>;

let emu: RunningEmulator;
let login: string;
let graph: string;
let dispatcher: Agent;

beforeAll(async () => {
  const tls = await selfSignedTlsCertificate();
  dispatcher = new Agent({ connect: { ca: tls.cert } });
  emu = await startEmulator({
    https: tls,
    scenario: {
      signinClients: [{ clientId: CLIENT, displayName: 'Entra Setup Wizard', redirectUris: [REDIRECT] }],
      tenants: [
        {
          id: TENANT,
          displayName: 'Contoso',
          domains: ['contoso.onmicrosoft.com'],
          admins: [
            { userPrincipalName: 'ga@contoso.onmicrosoft.com', displayName: 'Global Admin', roles: ['Global Administrator'] },
            { userPrincipalName: 'appadmin@contoso.onmicrosoft.com', roles: ['Application Administrator'] },
            { userPrincipalName: 'user@contoso.onmicrosoft.com', roles: [] },
          ],
          apps: [{ appId: CONNECTOR, displayName: 'Nexthink connector', delegatedPermissions: ['User.Read.All'], secrets: [{ value: 'abc8Q~existing', endDateTime: '2030-01-01T00:00:00Z' }] }],
        },
        {
          id: LEGACY_TENANT,
          displayName: 'Legacy Layout',
          domains: ['legacy.onmicrosoft.com'],
          errorFormat: 'legacy',
          admins: [{ userPrincipalName: 'ga@legacy.onmicrosoft.com', roles: ['Global Administrator'] }],
        },
      ],
    },
  });
  login = emu.httpsLoginUrl!;
  graph = emu.httpsGraphUrl!;
});
afterAll(async () => {
  await emu.close();
  await dispatcher.close();
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual', dispatcher } as RequestInit);
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, redirect: 'manual', dispatcher } as RequestInit);
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

function hiddenRequestId(html: string): string {
  const m = /name="request" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error(`no request id in ${html}`);
  return m[1];
}

function fragment(location: string): URLSearchParams {
  return new URLSearchParams(location.slice(location.indexOf('#') + 1));
}

/** Drives the authorize pages as a person would: sign in, accept consent when asked. Returns the code and cookie. */
async function signIn(upn: string, scope: string, opts: { cookie?: string; verifier?: string; tenant?: string } = {}) {
  const verifier = opts.verifier ?? randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const params = new URLSearchParams({
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    response_type: 'code',
    response_mode: 'fragment',
    scope,
    state: 'st4te',
    nonce: 'n0nce',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    client_info: '1',
  });
  const authorize = `${login}/${opts.tenant ?? 'organizations'}/oauth2/v2.0/authorize`;
  let res = await get(`${authorize}?${params}`, opts.cookie ? { cookie: opts.cookie } : {});
  let cookie = opts.cookie;
  let html = res.status === 302 ? '' : await res.text();
  if (html.includes('name="step" value="login"')) {
    res = await post(authorize, form({ request: hiddenRequestId(html), step: 'login', login: upn }));
    cookie = res.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    html = res.status === 302 ? '' : await res.text();
  }
  if (html.includes('name="step" value="consent"') && html.includes('value="yes"')) {
    res = await post(authorize, form({ request: hiddenRequestId(html), step: 'consent', accept: 'yes' }));
  }
  return { res, html, cookie, verifier };
}

async function redeem(code: string, verifier: string, headers: Record<string, string> = { origin: ORIGIN }) {
  return post(
    `${login}/organizations/oauth2/v2.0/token`,
    form({ client_id: CLIENT, redirect_uri: REDIRECT, code, code_verifier: verifier, grant_type: 'authorization_code', scope: `${GRAPH}/Application.Read.All openid profile offline_access`, client_info: '1' }),
    headers,
  );
}

function claims(jwt: string): Json {
  return decodeJwt(jwt) as Json;
}

async function tokensFor(upn: string, scope: string) {
  const { res, verifier } = await signIn(upn, scope);
  const code = fragment(res.headers.get('location') ?? '').get('code') ?? '';
  return (await (await redeem(code, verifier)).json()) as Json;
}

async function graphCall(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${graph}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, origin: ORIGIN, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    dispatcher,
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as Json };
}

describe('authorization code with PKCE over HTTPS', () => {
  it('publishes an https issuer on the authority’s own host:port (MSAL’s issuer rule)', async () => {
    const res = await get(`${login}/organizations/v2.0/.well-known/openid-configuration`);
    const doc = (await res.json()) as Json;
    expect(doc['issuer']).toBe(`${login}/{tenantid}/v2.0`);
    expect(doc['authorization_endpoint']).toBe(`${login}/organizations/oauth2/v2.0/authorize`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('signs an admin in, asks consent once, and answers in the fragment with code, client_info and state', async () => {
    const first = await signIn('ga@contoso.onmicrosoft.com', `${GRAPH}/Application.Read.All openid profile offline_access`);
    expect(first.res.status).toBe(302);
    const location = first.res.headers.get('location') ?? '';
    expect(location.startsWith(`${REDIRECT}#`)).toBe(true);
    const f = fragment(location);
    expect(f.get('state')).toBe('st4te');
    expect(JSON.parse(Buffer.from(f.get('client_info') ?? '', 'base64url').toString())).toEqual({ uid: expect.any(String), utid: TENANT });

    const res = await redeem(f.get('code') ?? '', first.verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as Json;
    expect(Object.keys(body)).toEqual(['token_type', 'scope', 'expires_in', 'ext_expires_in', 'access_token', 'refresh_token', 'id_token', 'client_info']);
    expect(claims(String(body['id_token']))).toMatchObject({ aud: CLIENT, tid: TENANT, nonce: 'n0nce', preferred_username: 'ga@contoso.onmicrosoft.com', iss: `${login}/${TENANT}/v2.0` });
    expect(claims(String(body['access_token']))).toMatchObject({ aud: GRAPH, idtyp: 'user', tid: TENANT, scp: 'Application.Read.All openid profile email', wids: ['62e90394-69f5-4237-9190-012177145e10'] });

    const again = await signIn('ga@contoso.onmicrosoft.com', `${GRAPH}/Application.Read.All openid profile offline_access`, { cookie: first.cookie ?? '' });
    expect(again.res.status).toBe(302);
    expect(again.html).toBe('');
  });

  it('refuses a wrong verifier, a second redemption, and a redemption without Origin (SPA)', async () => {
    const a = await signIn('ga@contoso.onmicrosoft.com', `${GRAPH}/Application.Read.All openid`);
    const code = fragment(a.res.headers.get('location') ?? '').get('code') ?? '';
    const noOrigin = (await (await redeem(code, a.verifier, {})).json()) as Json;
    expect(noOrigin['error_codes']).toEqual([9002327]);
    const wrong = (await (await redeem(code, 'not-the-verifier')).json()) as Json;
    expect(wrong['error_codes']).toEqual([501481]);
    expect((await redeem(code, a.verifier)).status).toBe(200);
    expect(((await (await redeem(code, a.verifier)).json()) as Json)['error_codes']).toEqual([54005]);
  });

  it('asks consent again for new scopes: the refresh token alone answers invalid_grant consent_required (AADSTS65001)', async () => {
    const t = await tokensFor('appadmin@contoso.onmicrosoft.com', `${GRAPH}/Application.Read.All openid profile offline_access`);
    const res = await post(
      `${login}/organizations/oauth2/v2.0/token`,
      form({ client_id: CLIENT, grant_type: 'refresh_token', refresh_token: String(t['refresh_token']), scope: `${GRAPH}/Application.ReadWrite.All openid offline_access` }),
      { origin: ORIGIN },
    );
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required' });
  });

  it('tells an unknown user, and shows “Need admin approval” to a user who cannot consent to admin scopes', async () => {
    const unknown = await signIn('nobody@contoso.onmicrosoft.com', `${GRAPH}/Application.Read.All openid`);
    expect(unknown.html).toContain('AADSTS50034');
    const plain = await signIn('user@contoso.onmicrosoft.com', `${GRAPH}/Application.Read.All openid`);
    expect(plain.html).toContain('Need admin approval');
  });
});

describe('delegated Microsoft Graph', () => {
  it('answers CORS preflights and lists app registrations with $search (ConsistencyLevel: eventual)', async () => {
    const pre = await fetch(`${graph}/v1.0/applications`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,consistencylevel' },
      dispatcher,
    } as RequestInit);
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization,consistencylevel');

    const t = await tokensFor('ga@contoso.onmicrosoft.com', `${GRAPH}/Application.Read.All openid profile offline_access`);
    const token = String(t['access_token']);
    const noHeader = await graphCall(token, 'GET', '/v1.0/applications?$search=%22displayName:nexthink%22');
    expect(noHeader.status).toBe(400);
    const found = await graphCall(token, 'GET', '/v1.0/applications?$search=%22displayName:nexth%22&$count=true&$select=appId,displayName', undefined, { ConsistencyLevel: 'eventual' });
    expect(found.status).toBe(200);
    expect(found.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(found.json['@odata.count']).toBe(1);
    expect(found.json['value']).toEqual([{ appId: CONNECTOR, displayName: 'Nexthink connector' }]);

    const app = await graphCall(token, 'GET', `/v1.0/applications(appId='${CONNECTOR}')?$select=passwordCredentials,requiredResourceAccess,signInAudience`);
    expect(app.json['signInAudience']).toBe('AzureADMyOrg');
    expect(app.json['requiredResourceAccess']).toEqual([
      { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'a154be20-db9c-4678-8ab7-66f6cc099a59', type: 'Scope' }] },
    ]);
    expect(app.json['passwordCredentials']).toEqual([expect.objectContaining({ hint: 'abc', secretText: null, endDateTime: '2030-01-01T00:00:00Z' })]);

    const write = await graphCall(token, 'POST', '/v1.0/applications', { displayName: 'x' });
    expect(write.status).toBe(403);
    expect((write.json['error'] as Json)['code']).toBe('Authorization_RequestDenied');
  });

  it('creates an app a Global Administrator consents to, whose secret then works for client credentials', async () => {
    const t = await tokensFor('ga@contoso.onmicrosoft.com', `${GRAPH}/Application.ReadWrite.All ${GRAPH}/AppRoleAssignment.ReadWrite.All openid profile offline_access`);
    const token = String(t['access_token']);
    const created = await graphCall(token, 'POST', '/v1.0/applications', {
      displayName: 'Nexthink (created)',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: USER_READ_ALL_ROLE, type: 'Role' }] }],
    });
    expect(created.status).toBe(201);
    const appId = String(created.json['appId']);
    const sp = await graphCall(token, 'POST', '/v1.0/servicePrincipals', { appId });
    expect(sp.status).toBe(201);
    const secret = await graphCall(token, 'POST', `/v1.0/applications/${String(created.json['id'])}/addPassword`, { passwordCredential: { displayName: 'Nexthink', endDateTime: '2030-06-01T00:00:00Z' } });
    expect(secret.status).toBe(200);
    expect(String(secret.json['secretText'])).toMatch(/^.{3}8Q~.{34}$/);
    const graphSp = await graphCall(token, 'GET', "/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id,appRoles");
    const grant = await graphCall(token, 'POST', `/v1.0/servicePrincipals/${String(graphSp.json['id'])}/appRoleAssignedTo`, {
      principalId: sp.json['id'],
      resourceId: graphSp.json['id'],
      appRoleId: USER_READ_ALL_ROLE,
    });
    expect(grant.status).toBe(201);
    const list = await graphCall(token, 'GET', `/v1.0/servicePrincipals/${String(sp.json['id'])}/appRoleAssignments`);
    expect(list.json['value']).toEqual([expect.objectContaining({ appRoleId: USER_READ_ALL_ROLE, resourceId: graphSp.json['id'] })]);

    const cc = await fetch(`${emu.loginUrl}/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ client_id: appId, client_secret: String(secret.json['secretText']), scope: `${GRAPH}/.default`, grant_type: 'client_credentials' }),
    });
    expect(cc.status).toBe(200);
    expect(claims(String(((await cc.json()) as Json)['access_token']))['roles']).toEqual(['User.Read.All']);
  });

  it('lets an Application Administrator create the app but not grant Microsoft Graph application permissions (403)', async () => {
    const t = await tokensFor('appadmin@contoso.onmicrosoft.com', `${GRAPH}/Application.ReadWrite.All ${GRAPH}/AppRoleAssignment.ReadWrite.All openid offline_access`);
    const token = String(t['access_token']);
    const created = await graphCall(token, 'POST', '/v1.0/applications', { displayName: 'By app admin' });
    expect(created.status).toBe(201);
    const sp = await graphCall(token, 'POST', '/v1.0/servicePrincipals', { appId: created.json['appId'] });
    const graphSp = await graphCall(token, 'GET', "/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id");
    const grant = await graphCall(token, 'POST', `/v1.0/servicePrincipals/${String(graphSp.json['id'])}/appRoleAssignedTo`, {
      principalId: sp.json['id'],
      resourceId: graphSp.json['id'],
      appRoleId: USER_READ_ALL_ROLE,
    });
    expect(grant.status).toBe(403);
    expect(grant.json['error']).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    const del = await graphCall(token, 'DELETE', `/v1.0/applications/${String(created.json['id'])}`);
    expect(del.status).toBe(204);
    expect((await graphCall(token, 'GET', `/v1.0/applications(appId='${String(created.json['appId'])}')`)).status).toBe(404);
  });
});

describe('sign-in errors worded and laid out like the captures', () => {
  const UNKNOWN_TENANT = '12345678-1234-1234-1234-123456789012';
  const UNKNOWN_APP = '8060e3ec-cbe3-4174-94cf-80065f998444';
  const codeGrant = (over: Record<string, string> = {}) =>
    form({ client_id: CLIENT, redirect_uri: REDIRECT, code: '1.x', code_verifier: 'v', grant_type: 'authorization_code', ...over });
  const errorOf = async (res: Response) => {
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(String(body['error_description'])).toMatch(DESCRIPTION_MODERN);
    expect(body['error_uri']).toBe(`https://login.microsoftonline.com/error?code=${String((body['error_codes'] as number[])[0])}`);
    return { ...body, text: descriptionText(String(body['error_description'])) };
  };

  it('token endpoint, authorization_code: an unknown tenant is invalid_request 90002 with the token capture’s text', async () => {
    const body = await errorOf(await post(`${login}/${UNKNOWN_TENANT}/oauth2/v2.0/token`, codeGrant(), { origin: ORIGIN }));
    const captured = fixture('token-error-90002-tenant-not-found-400.azure-sdk-recording-2021.json');
    expect(body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect(body.text).toBe(descriptionText(String(captured['error_description'])));
  });

  it('token endpoint, refresh_token: a malformed tenant is 900023, like client credentials', async () => {
    const body = await errorOf(await post(`${login}/bad_tenant!/oauth2/v2.0/token`, form({ client_id: CLIENT, grant_type: 'refresh_token', refresh_token: 'x' }), { origin: ORIGIN }));
    expect(body).toMatchObject({ error: 'invalid_request', error_codes: [900023] });
  });

  it('token endpoint, authorization_code: an unknown client is 700016 worded like the capture', async () => {
    const body = await errorOf(await post(`${login}/${TENANT}/oauth2/v2.0/token`, codeGrant({ client_id: UNKNOWN_APP }), { origin: ORIGIN }));
    const captured = fixture('token-error-700016-app-not-found-400.terraform-log-2026.json');
    expect(body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect(body.text).toBe(descriptionText(String(captured['error_description'])).replace("'EUNEIZ'", "'Contoso'"));
  });

  it('authorize: an unknown client is shown with the 700016 capture’s text', async () => {
    const res = await get(`${login}/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: UNKNOWN_APP, redirect_uri: REDIRECT, response_type: 'code' })}`);
    const captured = fixture('token-error-700016-app-not-found-400.terraform-log-2026.json');
    const text = descriptionText(String(captured['error_description'])).replace("'EUNEIZ'", "'Contoso'").replace(/'/g, '&#39;');
    expect(await res.text()).toContain(`AADSTS700016: ${text}</p>`);
  });

  function authorizeUrl(tenant: string, scope: string, extra: Record<string, string> = {}) {
    const params = new URLSearchParams({
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      response_type: 'code',
      response_mode: 'fragment',
      scope,
      state: 'st4te',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
      ...extra,
    });
    return `${login}/${tenant}/oauth2/v2.0/authorize?${params}`;
  }

  it('authorize: an invalid scope goes back to the app as the 70011 capture, with error_uri and the caller’s correlation id', async () => {
    const cid = '0F0F0F0F-1111-4222-8333-444444444444';
    const res = await get(authorizeUrl(TENANT, 'https://foo.microsoft.com/.default openid', { 'client-request-id': cid }));
    expect(res.status).toBe(302);
    const f = fragment(res.headers.get('location') ?? '');
    const captured = fixture('token-error-70011-invalid-scope-400.entra-docs.json');
    expect([...f.keys()]).toEqual(['error', 'error_description', 'error_uri', 'state']);
    expect(f.get('error')).toBe('invalid_scope');
    const m = DESCRIPTION_MODERN.exec(f.get('error_description') ?? '');
    expect(m, f.get('error_description') ?? '').not.toBeNull();
    expect(m?.[1]).toBe('70011');
    expect(m?.[2]).toBe(descriptionText(String(captured['error_description'])));
    expect(m?.[4]).toBe(cid.toLowerCase());
    expect(f.get('error_uri')).toBe('https://login.microsoftonline.com/error?code=70011');
  });

  it('authorize: a legacy tenant’s redirect errors use the \\r\\n layout (declined consent, 65004)', async () => {
    const res = await get(authorizeUrl(LEGACY_TENANT, `${GRAPH}/Application.Read.All openid`));
    const request = hiddenRequestId(await res.text());
    const authorize = `${login}/${LEGACY_TENANT}/oauth2/v2.0/authorize`;
    const consent = await post(authorize, form({ request, step: 'login', login: 'ga@legacy.onmicrosoft.com' }));
    const declined = await post(authorize, form({ request: hiddenRequestId(await consent.text()), step: 'consent', accept: 'no' }));
    expect(declined.status).toBe(302);
    const f = fragment(declined.headers.get('location') ?? '');
    expect(f.get('error')).toBe('access_denied');
    const m = DESCRIPTION_LEGACY.exec(f.get('error_description') ?? '');
    expect(m, f.get('error_description') ?? '').not.toBeNull();
    expect(m?.[2]).toBe('User declined to consent to access the app.');
    expect(f.get('error_uri')).toBe('https://login.microsoftonline.com/error?code=65004');
  });
});

describe('rotation: app management policies, credential activity, removePassword, admin consent', () => {
  const POLICY_TENANT = '66666666-aaaa-4aaa-8aaa-000000000003';
  const POLICY_APP = '77777777-bbbb-4bbb-8bbb-000000000003';
  const EXEMPT_APP = '77777777-bbbb-4bbb-8bbb-000000000004';
  const OLD_KEY = '88888888-cccc-4ccc-8ccc-000000000001';
  const OLD_SECRET = 'old8Q~rotation-secret';
  const ga = 'ga@policy.onmicrosoft.com';

  beforeAll(() => {
    emu.state.upsertTenant(
      parseTenant({
        id: POLICY_TENANT,
        displayName: 'Policy Co',
        domains: ['policy.onmicrosoft.com'],
        admins: [
          { userPrincipalName: ga, roles: ['Global Administrator'] },
          { userPrincipalName: 'appadmin@policy.onmicrosoft.com', roles: ['Application Administrator'] },
        ],
        appPolicies: {
          default: { passwordLifetimeDays: 90 },
          custom: [{ displayName: 'No secrets here', passwordAdditionBlocked: true, appliesTo: [EXEMPT_APP] }],
        },
        apps: [
          { appId: POLICY_APP, displayName: 'Nexthink connector', roles: ['User.Read.All'], secrets: [{ keyId: OLD_KEY, value: OLD_SECRET, endDateTime: '2030-01-01T00:00:00Z' }] },
          { appId: EXEMPT_APP, displayName: 'Blocked app', configuredRoles: ['User.Read.All', 'Device.Read.All'], roles: [] },
        ],
      }),
    );
  });

  const objectId = (appId: string) => emu.state.tenant(POLICY_TENANT)!.app(appId)!.app.objectId;
  const scopes = (...names: string[]) => `${names.map((n) => `${GRAPH}/${n}`).join(' ')} openid profile offline_access`;
  const tokenFor = async (upn: string, ...names: string[]) => {
    const { res, verifier } = await signIn(upn, scopes(...names), { tenant: POLICY_TENANT });
    const code = fragment(res.headers.get('location') ?? '').get('code') ?? '';
    return String(((await (await redeem(code, verifier)).json()) as Json)['access_token']);
  };

  it('serves the default policy and an app’s own policies, and addPassword refuses in Graph’s words', async () => {
    const token = await tokenFor(ga, 'Application.ReadWrite.All', 'Policy.Read.All');
    const def = await graphCall(token, 'GET', '/v1.0/policies/defaultAppManagementPolicy');
    expect(def.status).toBe(200);
    expect(def.json).toMatchObject({ isEnabled: true, applicationRestrictions: { passwordCredentials: [expect.objectContaining({ restrictionType: 'passwordLifetime', maxLifetime: 'P90D', state: 'enabled' })] } });
    const own = await graphCall(token, 'GET', `/v1.0/applications/${objectId(EXEMPT_APP)}/appManagementPolicies`);
    expect(own.json['value']).toEqual([expect.objectContaining({ displayName: 'No secrets here', isEnabled: true, restrictions: expect.objectContaining({ passwordCredentials: [expect.objectContaining({ restrictionType: 'passwordAddition' })] }) })]);
    expect((await graphCall(token, 'GET', `/v1.0/applications/${objectId(POLICY_APP)}/appManagementPolicies`)).json['value']).toEqual([]);

    const tooLong = await graphCall(token, 'POST', `/v1.0/applications/${objectId(POLICY_APP)}/addPassword`, { passwordCredential: { displayName: 'x', endDateTime: new Date(Date.now() + 180 * 86_400_000).toISOString() } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json['error']).toMatchObject({ code: 'Request_BadRequest', message: 'Credential lifetime exceeds the max value allowed as per assigned policy.' });
    const fits = await graphCall(token, 'POST', `/v1.0/applications/${objectId(POLICY_APP)}/addPassword`, { passwordCredential: { displayName: 'x', endDateTime: new Date(Date.now() + 89 * 86_400_000).toISOString() } });
    expect(fits.status).toBe(200);
    const blocked = await graphCall(token, 'POST', `/v1.0/applications/${objectId(EXEMPT_APP)}/addPassword`, { passwordCredential: { displayName: 'x', endDateTime: new Date(Date.now() + 30 * 86_400_000).toISOString() } });
    expect(blocked.json['error']).toMatchObject({ message: 'Credential type not allowed as per assigned policy.' });

    const removed = await graphCall(token, 'POST', `/v1.0/applications/${objectId(POLICY_APP)}/removePassword`, { keyId: String(fits.json['keyId']) });
    expect(removed.status).toBe(204);
    expect((await graphCall(token, 'POST', `/v1.0/applications/${objectId(POLICY_APP)}/removePassword`, { keyId: String(fits.json['keyId']) })).status).toBe(404);
    const readOnly = await tokenFor('appadmin@policy.onmicrosoft.com', 'Application.Read.All');
    expect((await graphCall(readOnly, 'GET', '/v1.0/policies/defaultAppManagementPolicy')).status).toBe(403);
  });

  it('reports each secret’s last sign-in by keyId (beta only, AuditLog.Read.All and a reports role)', async () => {
    const cc = await fetch(`${emu.loginUrl}/${POLICY_TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ client_id: POLICY_APP, client_secret: OLD_SECRET, scope: `${GRAPH}/.default`, grant_type: 'client_credentials' }),
    });
    expect(cc.status).toBe(200);
    const token = await tokenFor(ga, 'AuditLog.Read.All');
    const filter = encodeURIComponent(`appId eq '${POLICY_APP}'`);
    const report = await graphCall(token, 'GET', `/beta/reports/appCredentialSignInActivities?$filter=${filter}`);
    expect(report.status).toBe(200);
    const rows = report.json['value'] as Json[];
    expect(rows).toEqual([expect.objectContaining({ keyId: OLD_KEY, keyType: 'clientSecret', appId: POLICY_APP, credentialOrigin: 'application' })]);
    const last = Date.parse(String((rows[0]?.['signInActivity'] as Json)['lastSignInDateTime']));
    expect(Math.abs(last - Date.now())).toBeLessThan(60_000);
    expect((await graphCall(token, 'GET', `/v1.0/reports/appCredentialSignInActivities?$filter=${filter}`)).status).toBe(400);
    const appAdmin = await tokenFor('appadmin@policy.onmicrosoft.com', 'AuditLog.Read.All');
    expect((await graphCall(appAdmin, 'GET', `/beta/reports/appCredentialSignInActivities?$filter=${filter}`)).status).toBe(403);
  });

  it('grants admin consent tenant-wide for a Global Administrator, and answers errors per Microsoft’s docs', async () => {
    const base = `${emu.loginUrl}/${POLICY_TENANT}`;
    const missing = await fetch(`${base}/adminconsent`, { redirect: 'manual' });
    expect(await missing.text()).toContain('AADSTS900144');
    const unknown = await fetch(`${base}/adminconsent?client_id=${CLIENT}`, { redirect: 'manual' });
    expect(await unknown.text()).toContain('AADSTS700016');
    const v2NoScope = await fetch(`${base}/v2.0/adminconsent?client_id=${EXEMPT_APP}&redirect_uri=${encodeURIComponent(REDIRECT)}`, { redirect: 'manual' });
    expect(await v2NoScope.text()).toContain('AADSTS50011');

    const start = await fetch(`${base}/adminconsent?client_id=${EXEMPT_APP}&state=s1`, { redirect: 'manual' });
    expect(await start.text()).toContain('name="step" value="login"');
    const send = (fields: Record<string, string>) =>
      fetch(`${base}/adminconsent`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ client_id: EXEMPT_APP, state: 's1', ...fields }), redirect: 'manual' });
    const refused = await send({ step: 'login', login: 'appadmin@policy.onmicrosoft.com' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Need admin approval');
    const consent = await send({ step: 'login', login: ga });
    const page = await consent.text();
    expect(page).toContain('Device.Read.All (Application)');
    const done = await send({ step: 'consent', login: ga, accept: 'yes' });
    expect(await done.text()).toContain('Admin consent was granted');
    expect(emu.state.tenant(POLICY_TENANT)!.app(EXEMPT_APP)!.rolesAt(Date.now())).toEqual(['User.Read.All', 'Device.Read.All']);
  });
});
