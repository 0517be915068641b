import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateNql } from './nexthink';
import { startEmulator, type RunningEmulator } from './server';

let emu: RunningEmulator;
const instance = {
  instance: 'acme',
  region: 'eu' as const,
  credentials: [
    { clientId: 'nql-client', clientSecret: 'nql-secret-value' },
    { clientId: 'no-nql', clientSecret: 'other-secret', nqlApi: false },
  ],
  queries: [
    { id: '#entra_upn_coverage', nql: 'users during past 7d | summarize total = count(), with_upn = countif(user.ad.username != null)' },
    { id: '#entra_upn_sample', nql: 'users during past 7d | where user.ad.username != null | list user.name, user.ad.username | limit 50' },
  ],
  users: [
    { name: 'Adele Vance', sid: 'S-1', adUsername: 'adele@contoso.com' },
    { name: 'LOCAL\\admin', sid: 'S-2', adUsername: null },
    { name: 'Alex, W', sid: 'S-3', adUsername: 'alex@contoso.com' },
  ],
};

beforeAll(async () => {
  emu = await startEmulator({ scenario: { tenants: [], nexthink: { instances: [instance] } } });
});
afterAll(async () => emu?.close());
beforeEach(() => emu.nexthink.reset());

const login = (inst = 'acme', region = 'eu') => `${emu.nexthinkUrl}/${inst}-login.${region}.nexthink.cloud/oauth2/default/v1/token`;
const api = (v = 2) => `${emu.nexthinkUrl}/acme.api.eu.nexthink.cloud/api/v${v}/nql/execute`;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const form = 'grant_type=client_credentials&scope=service%3Aintegration';

async function token(id = 'nql-client', secret = 'nql-secret-value') {
  const res = await fetch(login(), { method: 'POST', headers: { authorization: basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return ((await res.json()) as { access_token: string }).access_token;
}

const execute = (tok: string, queryId: string, headers: Record<string, string> = {}, v = 2) =>
  fetch(api(v), { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify({ queryId }) });

describe('Nexthink NQL API emulator', () => {
  it('issues a 15-minute token for HTTP Basic client credentials with scope service:integration', async () => {
    const res = await fetch(login(), { method: 'POST', headers: { authorization: basic('nql-client', 'nql-secret-value'), 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ token_type: 'Bearer', expires_in: 900, access_token: expect.stringMatching(/^eyJ/), scope: 'service:integration' });
  });

  it('refuses a wrong secret, an unknown client and a wrong scope the OAuth way', async () => {
    const post = (auth: string, body = form) => fetch(login(), { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const wrong = await post(basic('nql-client', 'nope'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_client', error_description: 'The client secret supplied for a confidential client is invalid.' });
    expect((await post(basic('who', 'x'))).status).toBe(401);
    const scope = await post(basic('nql-client', 'nql-secret-value'), 'grant_type=client_credentials&scope=other');
    expect(scope.status).toBe(400);
    expect(((await scope.json()) as { error: string }).error).toBe('invalid_scope');
  });

  it('answers execute V2 with data as objects keyed by field, and V1 with headers and arrays', async () => {
    const tok = await token();
    const v2 = await execute(tok, '#entra_upn_coverage');
    expect(v2.status).toBe(200);
    const body = (await v2.json()) as Record<string, unknown>;
    expect(body).toEqual({
      queryId: '#entra_upn_coverage',
      executedQuery: instance.queries[0]?.nql,
      rows: 1,
      executionDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: [{ total: 3, with_upn: 2 }],
    });
    const v1 = (await (await execute(tok, '#entra_upn_sample', {}, 1)).json()) as Record<string, unknown>;
    expect(v1['headers']).toEqual(['user.name', 'user.ad.username']);
    expect(v1['data']).toEqual([
      ['Adele Vance', 'adele@contoso.com'],
      ['Alex, W', 'alex@contoso.com'],
    ]);
    expect(v1['executionDateTime']).toEqual(expect.objectContaining({ year: expect.any(Number), second: expect.any(Number) }));
    const csv = await execute(tok, '#entra_upn_sample', { accept: 'text/csv' });
    expect(await csv.text()).toBe('user.name,user.ad.username\r\nAdele Vance,adele@contoso.com\r\n"Alex, W",alex@contoso.com\r\n');
  });

  it('answers 401, 403, 404, 406 and 429 as documented', async () => {
    const tok = await token();
    expect((await execute('not-a-token', '#entra_upn_coverage')).status).toBe(401);
    const forbidden = await execute(await token('no-nql', 'other-secret'), '#entra_upn_coverage');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ message: 'Not authorized to execute queries', code: 403 });
    const missing = await execute(tok, '#not_created');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');
    expect((await execute(tok, '#entra_upn_coverage', { accept: 'application/xml' })).status).toBe(406);
    emu.nexthink.addFault({ route: 'execute', kind: '429', retryAfter: 7, times: 1 });
    const throttled = await execute(tok, '#entra_upn_coverage');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect((await execute(tok, '#entra_upn_coverage')).status).toBe(200);
  });

  it('knows no instance it was not given, and a token is only good for its own instance', async () => {
    const res = await fetch(login('other'), { method: 'POST', headers: { authorization: basic('nql-client', 'nql-secret-value'), 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(res.status).toBe(404);
    const { access_token } = (await (await fetch(login(), { method: 'POST', headers: { authorization: basic('nql-client', 'nql-secret-value'), 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json()) as { access_token: string };
    emu.nexthink.upsert({ ...instance, instance: 'beta', credentials: [], queries: [], users: [] });
    const other = await fetch(`${emu.nexthinkUrl}/beta.api.eu.nexthink.cloud/api/v2/nql/execute`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: '{"queryId":"#entra_upn_coverage"}' });
    expect(other.status).toBe(401);
  });

  it('is driven by its control API', async () => {
    const up = await fetch(`${emu.nexthinkUrl}/_emulator/nexthink/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...instance, instance: 'gamma', region: 'us' }) });
    expect(up.status).toBe(200);
    const res = await fetch(`${emu.nexthinkUrl}/gamma-login.us.nexthink.cloud/oauth2/default/v1/token`, { method: 'POST', headers: { authorization: basic('nql-client', 'nql-secret-value'), 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(res.status).toBe(200);
    const log = (await (await fetch(`${emu.nexthinkUrl}/_emulator/nexthink/requests`)).json()) as { host: string; path: string; status: number }[];
    expect(log.at(-1)).toMatchObject({ host: 'gamma-login.us.nexthink.cloud', path: '/oauth2/default/v1/token', status: 200 });
  });
});

describe('NQL evaluation', () => {
  it('evaluates the coverage and list queries the wizard asks for', () => {
    const users = [
      { name: 'a', sid: 's', adUsername: 'a@x' },
      { name: 'b', adUsername: null },
    ];
    expect(evaluateNql('users | summarize n = count(), m = countif(user.ad.username != null)', users).rows).toEqual([{ n: 2, m: 1 }]);
    expect(evaluateNql('users during past 7d | list user.name, user.sid, user.ad.username | limit 1', users).rows).toEqual([{ 'user.name': 'a', 'user.sid': 's', 'user.ad.username': 'a@x' }]);
    expect(evaluateNql('devices | list device.name', users).rows).toEqual([{ 'device.name': null }, { 'device.name': null }]);
  });
});
