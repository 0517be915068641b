import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratedUsers } from './generated-users';
import type { RunningEmulator } from './server';
import { A, T, getToken, graphGet, startTestEmulator } from './test-support';
import { USER_PROPERTIES } from './user-properties';

type Json = Record<string, unknown>;
type Page = { '@odata.nextLink'?: string; '@odata.count'?: number; value: Json[] };

const config = {
  count: 500_000,
  seed: 7,
  guestPercent: 3,
  disabledPercent: 5,
  onmicrosoftPercent: 4,
  syncedPercent: 40,
  missingMailPercent: 2,
  missingDepartmentPercent: 10,
};

describe('GeneratedUsers', () => {
  const gen = new GeneratedUsers(config, T.big, ['bigtenant.onmicrosoft.com', 'big.example.com']);

  it('is deterministic and uses only real user properties', () => {
    const again = new GeneratedUsers(config, T.big, ['bigtenant.onmicrosoft.com', 'big.example.com']);
    for (const i of [0, 1, 4242, 499_999]) {
      expect(gen.at(i)).toEqual(again.at(i));
      for (const key of Object.keys(gen.at(i))) expect(USER_PROPERTIES).toContain(key);
    }
    const other = new GeneratedUsers({ ...config, seed: 8 }, T.big, ['bigtenant.onmicrosoft.com', 'big.example.com']);
    expect(other.at(0).id).not.toBe(gen.at(0).id);
  });

  it('finds users by id and by UPN without scanning', () => {
    for (const i of [0, 17, 123_456, 499_999]) {
      const u = gen.at(i);
      expect(gen.indexOfId(u.id)).toBe(i);
      expect(gen.indexOfId(u.id.toUpperCase())).toBe(i);
      expect(gen.indexOfUpn(u.userPrincipalName)).toBe(i);
    }
    expect(gen.indexOfId('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(gen.indexOfUpn('someone.else1@big.example.com')).toBeUndefined();
  });

  it('has roughly the configured mix, with guests, synced users and gaps', () => {
    const n = 20_000;
    const counts = { guest: 0, disabled: 0, onms: 0, synced: 0, noMail: 0, noDept: 0 };
    const ids = new Set<string>();
    for (let i = 0; i < n; i += 1) {
      const u = gen.at(i);
      ids.add(u.id);
      if (u['userType'] === 'Guest') {
        counts.guest += 1;
        expect(u.userPrincipalName).toMatch(/_[a-z.]+#EXT#@bigtenant\.onmicrosoft\.com$/);
      } else if (u.userPrincipalName.endsWith('@bigtenant.onmicrosoft.com')) counts.onms += 1;
      if (u['accountEnabled'] === false) counts.disabled += 1;
      if (u['onPremisesSyncEnabled'] === true) {
        counts.synced += 1;
        expect(String(u['onPremisesDistinguishedName'])).toMatch(/^CN=.+,OU=.+,DC=corp,DC=big,DC=example,DC=com$/);
      }
      if (u['mail'] === null) counts.noMail += 1;
      if (u['userType'] === 'Member' && u['department'] === null) counts.noDept += 1;
    }
    expect(ids.size).toBe(n);
    const pct = (x: number) => (100 * x) / n;
    expect(pct(counts.guest)).toBeCloseTo(3, 0);
    expect(pct(counts.disabled)).toBeCloseTo(5, 0);
    expect(pct(counts.synced)).toBeGreaterThan(35);
    expect(pct(counts.synced)).toBeLessThan(42);
    expect(pct(counts.onms)).toBeGreaterThan(3);
    expect(pct(counts.onms)).toBeLessThan(5);
    expect(pct(counts.noMail)).toBeCloseTo(2, 0);
    expect(pct(counts.noDept)).toBeGreaterThan(8);
  });

  it('generates a 999-user page in about a millisecond', () => {
    for (let i = 0; i < 5_000; i += 1) gen.at(i);
    const pages = 50;
    const started = performance.now();
    for (let p = 0; p < pages; p += 1) for (let i = 0; i < 999; i += 1) gen.at(100_000 + p * 999 + i);
    const perPage = (performance.now() - started) / pages;
    expect(perPage).toBeLessThan(5);
  });
});

describe('a 500k-user tenant over HTTP', () => {
  let emu: RunningEmulator;
  let token: string;
  beforeAll(async () => {
    emu = await startTestEmulator();
    token = await getToken(emu, A.big, T.big);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('counts and pages lazily: explicit users first, then generated ones', async () => {
    const count = await graphGet(emu, '/v1.0/users/$count', token, { ConsistencyLevel: 'eventual' });
    expect(await count.text()).toBe('500001');
    const first = (await (await graphGet(emu, '/v1.0/users?$select=id,userPrincipalName,mail&$top=999&$count=true', token, { ConsistencyLevel: 'eventual' })).json()) as Page;
    expect(first['@odata.count']).toBe(500_001);
    expect(first.value).toHaveLength(999);
    expect(first.value[0]?.['userPrincipalName']).toBe('first@big.example.com');
    const upns = new Set(first.value.map((u) => u['userPrincipalName']));
    expect(upns.size).toBe(999);
  });

  it('follows 60 pages of 999 quickly', async () => {
    let url: string | undefined = `${emu.graphUrl}/v1.0/users?$select=id,userPrincipalName,accountEnabled,userType,onPremisesUserPrincipalName&$top=999`;
    const started = performance.now();
    let seen = 0;
    for (let i = 0; i < 60 && url; i += 1) {
      const page = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json()) as Page;
      seen += page.value.length;
      url = page['@odata.nextLink'];
    }
    expect(seen).toBe(60 * 999);
    expect(url).toBeDefined();
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('gets a generated user by id and by encoded guest UPN', async () => {
    const gen = new GeneratedUsers(config, T.big, ['bigtenant.onmicrosoft.com', 'big.example.com']);
    let guestIndex = 0;
    while (gen.at(guestIndex)['userType'] !== 'Guest') guestIndex += 1;
    const guest = gen.at(guestIndex);
    const byUpn = await graphGet(emu, `/v1.0/users/${encodeURIComponent(guest.userPrincipalName)}?$select=id`, token);
    expect(((await byUpn.json()) as Json)['id']).toBe(guest.id);
    const byId = await graphGet(emu, `/v1.0/users/${gen.at(400_000).id}?$select=userPrincipalName`, token);
    expect(((await byId.json()) as Json)['userPrincipalName']).toBe(gen.at(400_000).userPrincipalName);
    const filtered = (await (await graphGet(emu, `/v1.0/users?$filter=userPrincipalName eq '${encodeURIComponent(gen.at(250_000).userPrincipalName)}'&$select=id`, token)).json()) as Page;
    expect(filtered.value).toEqual([{ id: gen.at(250_000).id }]);
  });
});
