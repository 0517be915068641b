import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { CsvHeaderError, Reconciler, reconcileStream, resolveColumns, UpnIndex } from './reconcile';

function indexOf(upns: string[]) {
  const i = new UpnIndex();
  i.addAll(upns);
  return i;
}

function reconcile(csv: string, upns: string[]) {
  const r = new Reconciler(indexOf(upns));
  for (const row of parseCsv(csv)) r.row(row);
  return r.result();
}

const entra = ['Adele.Vance@contoso.com', 'alex@contoso.com', 'jsmith42@contoso.onmicrosoft.com', 'guest_fabrikam.com#EXT#@contoso.onmicrosoft.com'];

describe('reconciliation joins', () => {
  it('sorts each Nexthink user: exact, case-only, none (with its likely cause), empty', () => {
    const csv = [
      'user.name,user.sid,user.ad.username',
      'Adele,S-1,Adele.Vance@contoso.com',
      'Adele2,S-2,adele.vance@contoso.com',
      'Alex,S-3,ALEX@CONTOSO.COM',
      'Nobody,S-4,',
      'Local,S-5,jsmith42@corp.local',
      'Local2,S-6,other@corp.local',
      'Old guest,S-7,gone_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      'Sam,S-8,CONTOSO\\sam',
      'Deleted,S-9,deleted@contoso.com',
      'Guest,S-10,guest_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    ].join('\r\n');
    const r = reconcile(csv, entra);
    expect(r.rows).toBe(10);
    expect(r.counts).toEqual({ exact: 2, caseOnly: 2, empty: 1, localSuffix: 2, guest: 1, notUpn: 1, other: 1 });
    expect(r.localRewritten).toBe(1);
    expect(r.examples.caseOnly).toEqual([
      { name: 'Adele2', username: 'adele.vance@contoso.com', entra: 'Adele.Vance@contoso.com' },
      { name: 'Alex', username: 'ALEX@CONTOSO.COM', entra: 'alex@contoso.com' },
    ]);
    expect(r.examples.localSuffix[0]).toEqual({ name: 'Local', username: 'jsmith42@corp.local', entra: 'jsmith42@contoso.onmicrosoft.com' });
    expect(r.examples.empty).toEqual([{ name: 'Nobody', username: '' }]);
    expect(r.entraUpns).toBe(4);
    expect(r.columns).toEqual({ username: 'user.ad.username', name: 'user.name', sid: 'user.sid' });
  });

  it('matches case-insensitively whichever side carries the capitals', () => {
    const i = indexOf(['Mixed.Case@Contoso.com', 'lower@contoso.com']);
    expect(i.match('Mixed.Case@Contoso.com')).toBe('exact');
    expect(i.match('mixed.case@contoso.com')).toBe('case');
    expect(i.match('LOWER@contoso.com')).toBe('case');
    expect(i.match('lower@contoso.com')).toBe('exact');
    expect(i.match('nobody@contoso.com')).toBe('none');
  });

  it('accepts Nexthink labels as headers, in any column order', () => {
    const r = reconcile('AD username;Name;SID\nalex@contoso.com;Alex;S-1\n', entra);
    expect(r.counts.exact).toBe(1);
    expect(r.columns).toEqual({ username: 'AD username', name: 'Name', sid: 'SID' });
  });

  it('names the expected headers when the username column is missing', () => {
    expect(() => resolveColumns(['user.name', 'user.sid'])).toThrow(CsvHeaderError);
    expect(() => resolveColumns(['user.name', 'user.sid'])).toThrow(/user\.name, user\.sid, user\.ad\.username[\s\S]*"user\.name", "user\.sid"/);
    expect(() => reconcile('device.name,user.name\nPC1,Jane\n', entra)).toThrow(/no user\.ad\.username column/);
    expect(() => new Reconciler(new UpnIndex()).result()).toThrow(/empty/);
  });

  it('streams chunks and reports progress', async () => {
    async function* chunks() {
      yield 'user.name,user.ad.username\n';
      for (let i = 0; i < 120_000; i++) yield `u${i},u${i}@contoso.com\n`;
    }
    const index = new UpnIndex();
    for (let i = 0; i < 100_000; i++) index.add(`u${i}@contoso.com`);
    const seen: number[] = [];
    const r = await reconcileStream(chunks(), index, { onProgress: (n) => seen.push(n) });
    expect(r.counts.exact).toBe(100_000);
    expect(r.counts.other).toBe(20_000);
    expect(r.examples.other).toHaveLength(50);
    expect(seen.at(-1)).toBe(120_000);
  });
});

describe('reading only what is needed', () => {
  it('stops reading names once every category has its examples, and still counts every row', async () => {
    const kinds = ['Adele.Vance@contoso.com', 'adele.vance@contoso.com', '', 'x@corp.local', 'gone_x.com#EXT#@contoso.onmicrosoft.com', 'CORP\\x', 'deleted@contoso.com'];
    const lines = ['user.name,user.sid,user.ad.username'];
    for (let i = 0; i < 70; i++) lines.push(`"User ${i}, Test",S-${i},${kinds[i % kinds.length]}`);
    const columns: number[][] = [];
    const r = new Reconciler(indexOf(entra), 2);
    r.onColumns = (c) => columns.push(c);
    for (const row of parseCsv(lines.join('\n'))) r.row(row);
    // Header: username and name; after 2 of each of the 7 kinds (row 14), the username alone.
    expect(columns).toEqual([[2, 0], [2]]);
    expect(r.result().examples.other).toEqual([
      { name: 'User 6, Test', username: 'deleted@contoso.com' },
      { name: 'User 13, Test', username: 'deleted@contoso.com' },
    ]);
    // The same file through the page's path: the parser switches columns mid-file, and names stay right.
    const result = await reconcileStream(
      (async function* () {
        yield* lines.map((l) => `${l}\n`);
      })(),
      indexOf(entra),
    );
    expect(result.rows).toBe(70);
    expect(result.counts).toEqual({ exact: 10, caseOnly: 10, empty: 10, localSuffix: 10, guest: 10, notUpn: 10, other: 10 });
    expect(result.examples.other.map((e) => e.name)).toEqual(Array.from({ length: 10 }, (_, i) => `User ${6 + 7 * i}, Test`));
  });
});
