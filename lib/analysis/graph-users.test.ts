/**
 * The tenant-wide analysis against the in-process emulator: every category of a generated tenant,
 * paging to the end, throttling and outages waited out, cancellation, and the stored result.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import type { Db } from '@/lib/db/connection';
import type { AnalysisEvent } from './events';

let emulator: RunningEmulator;
let control: EmulatorControl;
let db: Db;
let mod: {
  runUserAnalysis: typeof import('./run').runUserAnalysis;
  analysisSelect: typeof import('./run').analysisSelect;
  latestAnalysis: typeof import('./store').latestAnalysis;
  createSetup: typeof import('@/lib/db/setups').createSetup;
  peekNextLink: typeof import('./graph-users').peekNextLink;
  firstPageUrl: typeof import('./graph-users').firstPageUrl;
};

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { tenants: [] } });
  control = new EmulatorControl(emulator.loginUrl);
  process.env.ENTRA_LOGIN_URL = emulator.loginUrl;
  process.env.GRAPH_API_URL = emulator.graphUrl;
  process.env.UPSTREAM_TIMEOUT_MS = '2000';
  process.env.UPSTREAM_MAX_RETRIES = '1';
  process.env.UPSTREAM_RETRY_AFTER_CAP_SECONDS = '1';
  process.env.LOG_LEVEL = 'silent';
  const [run, store, setups, graphUsers, connection] = await Promise.all([
    import('./run'),
    import('./store'),
    import('@/lib/db/setups'),
    import('./graph-users'),
    import('@/lib/db/connection'),
  ]);
  mod = {
    runUserAnalysis: run.runUserAnalysis,
    analysisSelect: run.analysisSelect,
    latestAnalysis: store.latestAnalysis,
    createSetup: setups.createSetup,
    peekNextLink: graphUsers.peekNextLink,
    firstPageUrl: graphUsers.firstPageUrl,
  };
  db = await connection.openSqlite(':memory:');
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  await control.clearFaults();
});

async function generatedTenant(count: number, extra: Record<string, number> = {}) {
  const t = makeTenant({ users: [] });
  await control.upsertTenant({ ...t.tenant, generatedUsers: { count, seed: 7, guestPercent: 3, disabledPercent: 5, onmicrosoftPercent: 4, syncedPercent: 40, ...extra } });
  const setup = await mod.createSetup(db, { tenant: t.tenantId, clientId: t.app.appId });
  return { t, setup };
}

/** Instant waits, so Retry-After values do not slow the suite down (the waits are still announced). */
const instantSleep = async (_ms: number, signal: AbortSignal) => {
  if (signal.aborted) throw signal.reason;
};

async function collect(gen: AsyncGenerator<AnalysisEvent, void>, stopAfter?: (e: AnalysisEvent) => boolean) {
  const events: AnalysisEvent[] = [];
  for await (const e of gen) {
    events.push(e);
    if (stopAfter?.(e)) break;
  }
  return events;
}

describe('tenant-wide analysis', () => {
  it('reads every page of a 5,000-user tenant and counts each category', async () => {
    const { t, setup } = await generatedTenant(5000);
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal }));
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress).toHaveLength(6);
    expect(progress[0]).toMatchObject({ users: 999, pages: 1, expected: 5000 });
    expect(progress.at(-1)).toMatchObject({ users: 5000, pages: 6, remainingMs: 0 });
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error(`no done event: ${JSON.stringify(done)}`);
    const { totals } = done;
    expect(totals.total).toBe(5000);
    for (const n of [totals.guests, totals.disabled, totals.onmicrosoft, totals.synced, totals.missing['mail'] ?? 0, totals.missing['department'] ?? 0]) {
      expect(n).toBeGreaterThan(0);
    }
    expect(totals.guests / 5000).toBeGreaterThan(0.01);
    expect(totals.synced / 5000).toBeGreaterThan(0.3);
    expect(totals.missing['userPrincipalName']).toBe(0);
    expect(done.analysis.examples.guests).toHaveLength(50);
    expect(done.analysis.examples.guests.every((u) => u.includes('#EXT#'))).toBe(true);
    expect(done.analysis.examples.onmicrosoft.every((u) => /onmicrosoft\.com$/.test(u) && !u.includes('#EXT#'))).toBe(true);
    expect(done.analysis.status).toBe('warn');
    const stored = await mod.latestAnalysis(db, setup.id);
    expect(stored?.totals).toEqual(totals);
    expect(stored?.pages).toBe(6);
    // The request selected only what the analysis needs.
    const first = (await control.requests()).find((r) => r.path.includes('/v1.0/users?'));
    expect(decodeURIComponent(first?.path ?? '')).toContain('$select=userPrincipalName,mail,displayName,department,jobTitle,officeLocation,city,country,accountEnabled,userType,onPremisesSyncEnabled&$top=999&$count=true');
  });

  it('streams the UPNs only when asked', async () => {
    const { t, setup } = await generatedTenant(1500);
    const secret = t.app.secret;
    const without = await collect(mod.runUserAnalysis(db, setup, { clientSecret: secret, signal: new AbortController().signal }));
    expect(without.some((e) => e.type === 'upns')).toBe(false);
    const withUpns = await collect(mod.runUserAnalysis(db, setup, { clientSecret: secret, includeUpns: true, signal: new AbortController().signal }));
    const upns = withUpns.flatMap((e) => (e.type === 'upns' ? e.upns : []));
    expect(upns).toHaveLength(1500);
    expect(new Set(upns).size).toBe(1500);
  });

  it('waits out a long Retry-After itself, announcing each second, and goes on', async () => {
    const { t, setup } = await generatedTenant(2500);
    await control.addFault({ route: 'graph-users', kind: '429', retryAfter: 3, times: 1, tenant: t.tenantId });
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal, sleep: instantSleep }));
    const waits = events.filter((e) => e.type === 'waiting');
    expect(waits.map((w) => (w.type === 'waiting' ? [w.reason, w.seconds, w.retryAfterSeconds] : []))).toEqual([
      ['throttled', 3, 3],
      ['throttled', 2, 3],
      ['throttled', 1, 3],
    ]);
    expect(waits[0]?.type === 'waiting' && waits[0].message).toMatch(/throttling \(HTTP 429\) and asked to wait 3 s \(Retry-After\)/);
    expect(events.at(-1)).toMatchObject({ type: 'done', totals: { total: 2500 } });
  });

  it('announces even a short Retry-After, and reports the page\'s tries once it is read', async () => {
    const { t, setup } = await generatedTenant(1200);
    await control.addFault({ route: 'graph-users', kind: '429', retryAfter: 1, times: 1, tenant: t.tenantId });
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal, sleep: instantSleep }));
    expect(events.filter((e) => e.type === 'waiting')).toMatchObject([{ page: 1, seconds: 1, reason: 'throttled', retryAfterSeconds: 1 }]);
    expect(events.find((e) => e.type === 'retried')).toMatchObject({ page: 1, detail: '429, waited 1 s (Retry-After); 200' });
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    // upstream() did not wait the 429 out on its own as well: one request per try.
    const pages = (await control.requests()).filter((r) => r.tenant === t.tenantId && r.path.includes('/v1.0/users'));
    expect(pages.map((r) => r.status)).toEqual([429, 200, 200]);
  });

  it('renews an access token that expires mid-way and reads on', async () => {
    const { t, setup } = await generatedTenant(4000);
    const events: AnalysisEvent[] = [];
    try {
      for await (const e of mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal })) {
        events.push(e);
        // An hour and a bit later, as far as Entra and Graph are concerned: the first token has expired.
        if (e.type === 'progress' && e.pages === 1) await control.setClock(3700);
      }
    } finally {
      await control.setClock(0);
    }
    expect(events.at(-1)).toMatchObject({ type: 'done', totals: { total: 4000 } });
    const renewed = events.filter((e) => e.type === 'retried');
    expect(renewed).toHaveLength(1);
    expect(renewed[0]?.type === 'retried' && renewed[0].detail).toMatch(/^401, Graph no longer accepted the access token \("Lifetime validation failed, the token is expired\."\); a new token was requested/);
    const tokens = (await control.requests()).filter((r) => r.tenant === t.tenantId && r.path.endsWith('/oauth2/v2.0/token'));
    expect(tokens.map((r) => r.status)).toEqual([200, 200]);
  });

  it('stops with the token endpoint\'s reason when the expired token cannot be renewed', async () => {
    const { t, setup } = await generatedTenant(4000);
    const events: AnalysisEvent[] = [];
    try {
      for await (const e of mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal, sleep: instantSleep })) {
        events.push(e);
        if (e.type === 'progress' && e.pages === 1) {
          await control.setClock(3700);
          await control.addFault({ route: 'token', kind: '503', tenant: t.tenantId });
        }
      }
    } finally {
      await control.setClock(0);
    }
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'error' });
    expect(last?.type === 'error' && last.message).toMatch(/^Reading users \(page [2-4]\) stopped: the access token expired during the analysis and a new one could not be had\. .*HTTP 503/);
    expect(last?.type === 'error' && last.pages).toBeGreaterThanOrEqual(1);
    expect(await mod.latestAnalysis(db, setup.id)).toBeUndefined();
  });

  it('survives transient 5xx and broken pages', async () => {
    const { t, setup } = await generatedTenant(2000);
    await control.addFault({ route: 'graph-users', kind: '503', retryAfter: 0, times: 3, tenant: t.tenantId });
    await control.addFault({ route: 'graph-users', kind: 'malformed', times: 1, tenant: t.tenantId });
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal, sleep: instantSleep }));
    expect(events.at(-1)).toMatchObject({ type: 'done', totals: { total: 2000 } });
    // One report, once the page was read: not one for the malformed answer as well.
    expect(events.filter((e) => e.type === 'retried')).toEqual([
      {
        type: 'retried',
        page: 1,
        detail: '503, waited 0 s (Retry-After); 503, waited 0 s (Retry-After); 503, waited 0 s (Retry-After); 200 (malformed JSON), waited 16 s; 200',
      },
    ]);
  });

  it('gives up with an explanation when Graph keeps failing', async () => {
    const { t, setup } = await generatedTenant(2000);
    await control.addFault({ route: 'graph-users', kind: '500', tenant: t.tenantId });
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal, sleep: instantSleep }));
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'error', users: 0, pages: 0 });
    expect(last?.type === 'error' && last.message).toMatch(/Reading users \(page 1\) failed/);
    expect(await mod.latestAnalysis(db, setup.id)).toBeUndefined();
  });

  it('explains an unknown mapped property with Graph\'s words', async () => {
    const t = makeTenant({});
    await control.upsertTenant(t.tenant);
    const setup = await mod.createSetup(db, { tenant: t.tenantId, clientId: t.app.appId, mapping: { department: 'favouriteColour' } });
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal }));
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.evidence?.message).toMatch(/Could not find a property named 'favouriteColour'/);
  });

  it('stops when cancelled, saves nothing, and lets a new analysis start', async () => {
    const { t, setup } = await generatedTenant(20_000);
    const abort = new AbortController();
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: abort.signal }), (e) => {
      if (e.type === 'progress' && e.pages === 2) abort.abort();
      return false;
    });
    expect(events.some((e) => e.type === 'done')).toBe(false);
    expect(events.filter((e) => e.type === 'progress').length).toBeLessThan(5);
    expect(await mod.latestAnalysis(db, setup.id)).toBeUndefined();
    const again = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal }), (e) => e.type === 'progress');
    expect(again.at(-1)?.type).toBe('progress');
  });

  it('refuses a second analysis of the same setup while one runs', async () => {
    const { t, setup } = await generatedTenant(3000);
    const first = mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal });
    await first.next();
    const second = await collect(mod.runUserAnalysis(db, setup, { clientSecret: t.app.secret, signal: new AbortController().signal }));
    expect(second).toEqual([expect.objectContaining({ type: 'error', message: 'An analysis of this setup is already running on this server.' })]);
    await first.return();
  });

  it('explains a wrong secret before reading anything', async () => {
    const { setup } = await generatedTenant(10);
    const events = await collect(mod.runUserAnalysis(db, setup, { clientSecret: 'Wrong~secret-value-that-is-long-enough-123', signal: new AbortController().signal }));
    expect(events.at(-1)).toMatchObject({ type: 'error' });
    expect(events.at(-1)?.type === 'error' && events.at(-1)).toMatchObject({ evidence: { code: 'AADSTS7000215' } });
  });
});

describe('paging helpers', () => {
  it('reads @odata.nextLink from the head of a page without parsing it', () => {
    const link = 'https://graph.microsoft.com/v1.0/users?$select=a&$top=999&$skiptoken=RFNwdAIAAQAAA';
    expect(mod.peekNextLink(`{"@odata.context":"x","@odata.count":5,"@odata.nextLink":${JSON.stringify(link)},"value":[{"a":"@odata.nextLink"}]}`)).toBe(link);
    expect(mod.peekNextLink('{"@odata.context":"x","value":[{"note":"\\"@odata.nextLink\\":\\"https://evil\\""}]}')).toBeUndefined();
    expect(mod.peekNextLink('{"value":[]}')).toBeUndefined();
  });

  it('selects the mapped properties, the flags and the UPN, once each', () => {
    const s = mod.analysisSelect({ mapping: { username: 'mail', department: 'Department', email_address: 'mail' } } as never);
    expect(s.select).toEqual(['mail', 'Department', 'userPrincipalName', 'accountEnabled', 'userType', 'onPremisesSyncEnabled']);
    expect(s.usernameProperty).toBe('mail');
    expect(mod.firstPageUrl('https://graph.microsoft.com', s.select)).toBe(
      'https://graph.microsoft.com/v1.0/users?$select=mail,Department,userPrincipalName,accountEnabled,userType,onPremisesSyncEnabled&$top=999&$count=true',
    );
  });
});

