import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './server';
import { A, DEVICE_ID, GROUP_ID, GUEST_UPN, GUID, T, U, control, decodeJwt, fixture, getToken, graphGet, startTestEmulator } from './test-support';
import { USER_DEFAULT_PROPERTIES, USER_PROPERTIES } from './user-properties';

type Json = Record<string, unknown>;
type Page = { '@odata.context': string; '@odata.nextLink'?: string; '@odata.count'?: number; value: Json[] };

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const userListFixture = fixture<{ '@odata.context': string; value: Json[] }>('graph-list-users-200.graph-docs-user-list.json');
const orgListFixture = fixture<{ '@odata.context': string; value: Json[] }>('graph-list-organization-200.graph-docs.json');
const error404 = fixture<{ error: Json & { innerError: Json } }>('graph-error-404-request-resourcenotfound.cli-microsoft365-test-2021.json');
const error403 = fixture<{ error: Json }>('graph-error-403-authorization-requestdenied.issue-ms-identity-python-daemon-8.json');

let emu: RunningEmulator;
let token: string;
let readerToken: string;
let noConsentToken: string;
beforeAll(async () => {
  emu = await startTestEmulator();
  token = await getToken(emu);
  readerToken = await getToken(emu, A.reader);
  noConsentToken = await getToken(emu, A.noConsent);
});
afterAll(async () => {
  await emu.close();
});

async function expectGraphError(res: Response, status: number, code: string, message?: string | RegExp): Promise<Json> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = (await res.json()) as { error: Json & { innerError: Json } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error)).toEqual(Object.keys(error404.error));
  expect(Object.keys(body.error.innerError)).toEqual(Object.keys(error404.error.innerError));
  expect(body.error['code']).toBe(code);
  if (typeof message === 'string') expect(body.error['message']).toBe(message);
  else if (message) expect(body.error['message']).toMatch(message);
  expect(body.error.innerError['date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  expect(body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
  expect(body.error.innerError['client-request-id']).toBe(res.headers.get('client-request-id'));
  return body.error;
}

function expectGraphHeaders(res: Response): void {
  expect(res.headers.get('content-type')).toBe(ODATA_JSON);
  expect(res.headers.get('odata-version')).toBe('4.0');
  expect(res.headers.get('request-id')).toMatch(GUID);
  expect(res.headers.get('client-request-id')).toBe(res.headers.get('request-id'));
  expect(() => JSON.parse(res.headers.get('x-ms-ags-diagnostic') ?? '')).not.toThrow();
}

describe('authentication', () => {
  it('missing token: 401 InvalidAuthenticationToken "Access token is empty."', async () => {
    const res = await fetch(`${emu.graphUrl}/v1.0/users`);
    await expectGraphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('not a JWT: IDX14100', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/users', 'garbage'), 401, 'InvalidAuthenticationToken', /^IDX14100: JWT is not well formed/);
  });

  it('forged signature: validation failure', async () => {
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`;
    await expectGraphError(await graphGet(emu, '/v1.0/users', forged), 401, 'InvalidAuthenticationToken', /^Access token validation failure/);
  });

  it('the Graph token carries a nonce in its header, so plain JWT verification fails as with the real one', async () => {
    const { createPublicKey, verify } = await import('node:crypto');
    const jwks = (await (await fetch(`${emu.loginUrl}/${T.contoso}/discovery/v2.0/keys`)).json()) as { keys: Json[] };
    const key = createPublicKey({ key: jwks.keys[0] as import('node:crypto').JsonWebKey, format: 'jwk' });
    const [h, p, s] = token.split('.');
    expect(decodeJwt(token).header['nonce']).toEqual(expect.any(String));
    expect(verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s ?? '', 'base64url'))).toBe(false);
  });

  it('token for another audience: Invalid audience', async () => {
    const aadGraph = await getToken(emu, A.good, T.contoso, 'https://graph.windows.net/.default');
    expect(decodeJwt(aadGraph).payload['roles']).toBeUndefined();
    await expectGraphError(await graphGet(emu, '/v1.0/users', aadGraph), 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  });

  it('expired token: Lifetime validation failed', async () => {
    await control(emu, 'POST', '/clock', { offsetSeconds: 3700 });
    try {
      await expectGraphError(await graphGet(emu, '/v1.0/users', token), 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    } finally {
      await control(emu, 'POST', '/clock', { offsetSeconds: 0 });
    }
  });

  it('echoes the client-request-id header', async () => {
    const res = await graphGet(emu, '/v1.0/users/nobody@contoso-test.com', token, { 'client-request-id': 'my-correlation-1' });
    expect(res.headers.get('client-request-id')).toBe('my-correlation-1');
    const error = await expectGraphError(res, 404, 'Request_ResourceNotFound');
    expect((error['innerError'] as Json)['client-request-id']).toBe('my-correlation-1');
  });
});

describe('authorization from the token roles', () => {
  it('no roles: 403 Authorization_RequestDenied like the capture', async () => {
    const error = await expectGraphError(await graphGet(emu, '/v1.0/users', noConsentToken), 403, 'Authorization_RequestDenied');
    expect(error['message']).toBe(error403.error['message']);
  });

  it('User.Read.All does not read the organization; Directory.Read.All does', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/organization', token), 403, 'Authorization_RequestDenied');
    expect((await graphGet(emu, '/v1.0/organization', readerToken)).status).toBe(200);
  });

  it('User.ReadBasic.All reads basic properties only', async () => {
    const basic = await getToken(emu, A.basic);
    expect((await graphGet(emu, '/v1.0/users?$select=id,displayName,userPrincipalName', basic)).status).toBe(200);
    await expectGraphError(await graphGet(emu, '/v1.0/users?$select=id,department', basic), 403, 'Authorization_RequestDenied');
  });

  it('signInActivity needs AuditLog.Read.All', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/users?$select=id,signInActivity', token), 403, 'Authorization_RequestDenied');
    expect((await graphGet(emu, '/v1.0/users?$select=id,signInActivity', readerToken)).status).toBe(200);
  });

  it('groups and devices need their own permissions', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/groups', token), 403, 'Authorization_RequestDenied');
    await expectGraphError(await graphGet(emu, '/v1.0/devices', token), 403, 'Authorization_RequestDenied');
    await expectGraphError(await graphGet(emu, `/v1.0/users/${U.adele}/memberOf`, token), 403, 'Authorization_RequestDenied');
  });
});

describe('GET /v1.0/users', () => {
  it('without $select returns the default properties of the fixture, in its order', async () => {
    const res = await graphGet(emu, '/v1.0/users', token);
    expect(res.status).toBe(200);
    expectGraphHeaders(res);
    const page = (await res.json()) as Page;
    expect(page['@odata.context']).toBe(userListFixture['@odata.context']);
    expect(Object.keys(page)).toEqual(['@odata.context', '@odata.nextLink', 'value']);
    expect(page.value).toHaveLength(100);
    for (const user of page.value) expect(Object.keys(user)).toEqual(Object.keys(userListFixture.value[0] ?? {}));
    const adele = page.value.find((u) => u['id'] === U.adele);
    expect(adele).toMatchObject({ businessPhones: ['425-555-0109'], mobilePhone: null, preferredLanguage: null, mail: 'adele@contoso-test.com' });
    expect(page.value.find((u) => u['id'] === U.disabled)?.['businessPhones']).toEqual([]);
  });

  it('$select returns exactly those properties and a matching @odata.context', async () => {
    const res = await graphGet(emu, '/v1.0/users?$select=id,displayName,accountEnabled,userType,onPremisesDistinguishedName&$top=5', token);
    const page = (await res.json()) as Page;
    expect(page['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,accountEnabled,userType,onPremisesDistinguishedName)');
    for (const user of page.value) expect(Object.keys(user)).toEqual(['id', 'displayName', 'accountEnabled', 'userType', 'onPremisesDistinguishedName']);
    expect(page.value.find((u) => u['id'] === U.guest)?.['userType']).toBe('Guest');
    expect(page.value.find((u) => u['id'] === U.synced)?.['onPremisesDistinguishedName']).toMatch(/^CN=Synced User/);
  });

  it('knows every v1.0 user property and rejects unknown ones', async () => {
    expect((await graphGet(emu, `/v1.0/users?$top=1&$select=${USER_PROPERTIES.filter((p) => !['signInActivity', 'mailboxSettings', 'customSecurityAttributes'].includes(p)).join(',')}`, token)).status).toBe(200);
    await expectGraphError(
      await graphGet(emu, '/v1.0/users?$select=id,upn', token),
      400,
      'BadRequest',
      "Could not find a property named 'upn' on type 'microsoft.graph.user'.",
    );
  });

  it.each(['0', '1000', '5000'])('$top=%s is out of range', async (top) => {
    await expectGraphError(
      await graphGet(emu, `/v1.0/users?$top=${top}`, token),
      400,
      'Request_UnsupportedQuery',
      `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
    );
  });

  it('pages with absolute @odata.nextLink URLs that keep $select and $top, until the last page', async () => {
    let url: string | undefined = `${emu.graphUrl}/v1.0/users?$select=id,userPrincipalName&$top=60`;
    const ids: string[] = [];
    let pages = 0;
    while (url) {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      ids.push(...page.value.map((u) => String(u['id'])));
      pages += 1;
      url = page['@odata.nextLink'];
      if (url) {
        expect(url.startsWith(`${emu.graphUrl}/v1.0/users?$select=id,userPrincipalName&$top=60&$skiptoken=`)).toBe(true);
        expect(page.value).toHaveLength(60);
      }
    }
    expect(pages).toBe(5);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
  });

  it('rejects a skiptoken that is not its own', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/users?$skiptoken=abc', token), 400, 'Directory_ExpiredPageToken');
  });

  it('$count=true needs ConsistencyLevel: eventual and appears on the first page only', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/users?$count=true', token), 400, 'Request_BadRequest', '$count is not currently supported.');
    const first = (await (await graphGet(emu, '/v1.0/users?$count=true&$top=200', token, { ConsistencyLevel: 'eventual' })).json()) as Page;
    expect(Object.keys(first)).toEqual(['@odata.context', '@odata.count', '@odata.nextLink', 'value']);
    expect(first['@odata.count']).toBe(250);
    const next = first['@odata.nextLink'] ?? '';
    const withoutHeader = await fetch(next, { headers: { Authorization: `Bearer ${token}` } });
    expect(withoutHeader.status).toBe(400);
    const second = (await (await fetch(next, { headers: { Authorization: `Bearer ${token}`, ConsistencyLevel: 'eventual' } })).json()) as Page;
    expect(second['@odata.count']).toBeUndefined();
    expect(second.value).toHaveLength(50);
  });

  it('GET /users/$count answers text/plain with ConsistencyLevel', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/users/$count', token), 400, 'Request_BadRequest');
    const res = await graphGet(emu, '/v1.0/users/$count', token, { ConsistencyLevel: 'eventual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('250');
  });

  it('supports the simple $filter forms', async () => {
    const byUpn = (await (await graphGet(emu, `/v1.0/users?$filter=userPrincipalName eq 'ADELE.VANCE@contoso-test.com'&$select=id`, token)).json()) as Page;
    expect(byUpn.value).toEqual([{ id: U.adele }]);
    const starts = (await (await graphGet(emu, `/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'probe')")}&$select=displayName&$top=999`, token)).json()) as Page;
    expect(starts.value).toHaveLength(123);
    const disabled = (await (await graphGet(emu, '/v1.0/users?$filter=accountEnabled eq false&$select=id&$top=999', token)).json()) as Page;
    expect(disabled.value.map((u) => u['id'])).toContain(U.disabled);
    expect(disabled.value).toHaveLength(6);
    await expectGraphError(await graphGet(emu, `/v1.0/users?$filter=endswith(mail,'x.com')`, token), 400, 'Request_UnsupportedQuery');
    await expectGraphError(await graphGet(emu, `/v1.0/users?$filter=nope eq 'x'`, token), 400, 'BadRequest', /Could not find a property named 'nope'/);
  });
});

describe('GET /v1.0/users/{id | userPrincipalName}', () => {
  it('finds by id and by UPN, case-insensitively, with $select', async () => {
    const byId = await graphGet(emu, `/v1.0/users/${U.adele.toUpperCase()}`, token);
    expect(byId.status).toBe(200);
    expectGraphHeaders(byId);
    const user = (await byId.json()) as Json;
    expect(user['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#users/$entity');
    expect(Object.keys(user)).toEqual(['@odata.context', ...USER_DEFAULT_PROPERTIES]);
    const byUpn = (await (await graphGet(emu, '/v1.0/users/Adele.Vance@Contoso-Test.com?$select=id,mail', token)).json()) as Json;
    expect(byUpn).toEqual({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,mail)/$entity', id: U.adele, mail: 'adele@contoso-test.com' });
  });

  it('resolves an encoded guest UPN and 404s when # is sent unencoded', async () => {
    const encoded = await graphGet(emu, `/v1.0/users/${encodeURIComponent(GUEST_UPN)}`, token);
    expect(encoded.status).toBe(200);
    expect(((await encoded.json()) as Json)['id']).toBe(U.guest);
    const partlyEncoded = await graphGet(emu, '/v1.0/users/jane_fabrikam.com%23EXT%23@contosotest.onmicrosoft.com', token);
    expect(partlyEncoded.status).toBe(200);
    const raw = await graphGet(emu, `/v1.0/users/${GUEST_UPN}`, token);
    const error = await expectGraphError(raw, 404, 'Request_ResourceNotFound');
    expect(error['message']).toBe("Resource 'jane_fabrikam.com' does not exist or one of its queried reference-property objects are not present.");
  });

  it("supports /users('{upn}')", async () => {
    const res = await graphGet(emu, `/v1.0/users('${encodeURIComponent(GUEST_UPN)}')`, token);
    expect(res.status).toBe(200);
  });

  it('unknown user: 404 worded like the capture', async () => {
    const id = '5b31c38c-2584-42f0-aa47-657fb3a84230';
    const error = await expectGraphError(await graphGet(emu, `/v1.0/users/${id}`, token), 404, 'Request_ResourceNotFound');
    expect(error['message']).toBe(error404.error['message']);
  });

  it('memberOf lists groups as directoryObjects', async () => {
    const page = (await (await graphGet(emu, `/v1.0/users/${U.adele}/memberOf?$select=id,displayName`, readerToken)).json()) as Page;
    expect(page.value).toEqual([{ '@odata.type': '#microsoft.graph.group', id: GROUP_ID, displayName: 'Nexthink Pilot' }]);
  });
});

describe('organization, groups, devices', () => {
  it('organization: one object shaped like the fixture', async () => {
    const res = await graphGet(emu, '/v1.0/organization', readerToken);
    expectGraphHeaders(res);
    const body = (await res.json()) as { '@odata.context': string; value: Json[] };
    expect(body['@odata.context']).toBe(orgListFixture['@odata.context']);
    expect(body.value).toHaveLength(1);
    const org = body.value[0] ?? {};
    expect(Object.keys(org)).toEqual(Object.keys(orgListFixture.value[0] ?? {}));
    expect(org['id']).toBe(T.contoso);
    expect(org['displayName']).toBe('Contoso Test');
    const fixtureDomain = ((orgListFixture.value[0] ?? {})['verifiedDomains'] as Json[])[0] ?? {};
    const domains = org['verifiedDomains'] as Json[];
    for (const d of domains) expect(Object.keys(d)).toEqual(Object.keys(fixtureDomain));
    expect(domains.map((d) => [d['name'], d['isInitial'], d['isDefault']])).toEqual([
      ['contosotest.onmicrosoft.com', true, false],
      ['contoso-test.com', false, true],
    ]);
  });

  it('groups, group members and devices', async () => {
    const groups = (await (await graphGet(emu, '/v1.0/groups?$select=id,displayName', readerToken)).json()) as Page;
    expect(groups.value).toEqual([{ id: GROUP_ID, displayName: 'Nexthink Pilot' }]);
    const members = (await (await graphGet(emu, `/v1.0/groups/${GROUP_ID}/members?$select=id`, readerToken)).json()) as Page;
    expect(members.value).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: U.adele },
      { '@odata.type': '#microsoft.graph.user', id: U.synced },
    ]);
    const devices = (await (await graphGet(emu, '/v1.0/devices', readerToken)).json()) as Page;
    expect(devices.value[0]).toMatchObject({ id: DEVICE_ID, displayName: 'LT-0001', operatingSystem: 'Windows', accountEnabled: true });
  });
});

describe('unknown paths', () => {
  it('unknown segment: 400 BadRequest', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/userz', token), 400, 'BadRequest', "Resource not found for the segment 'userz'.");
  });

  it('/me with an app token', async () => {
    await expectGraphError(await graphGet(emu, '/v1.0/me', token), 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  });

  it('beta behaves like v1.0', async () => {
    const page = (await (await graphGet(emu, '/beta/users?$top=1&$select=id', token)).json()) as Page;
    expect(page['@odata.context']).toBe('https://graph.microsoft.com/beta/$metadata#users(id)');
  });

  it('unknown version', async () => {
    await expectGraphError(await graphGet(emu, '/v2.0/users', token), 400, 'BadRequest', 'Invalid version: v2.0');
  });
});
