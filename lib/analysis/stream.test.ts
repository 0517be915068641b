/** The NDJSON response the API streams: one event per line, totals last, and cancellation by the reader. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/e2e/emulator/server';
import { EmulatorControl, makeTenant } from '@/e2e/support/emulator-control';
import type { Db } from '@/lib/db/connection';

let emulator: RunningEmulator;
let control: EmulatorControl;
let db: Db;
let analysisStream: typeof import('./stream').analysisStream;
let isAnalysing: typeof import('./run').isAnalysing;
let createSetup: typeof import('@/lib/db/setups').createSetup;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { tenants: [] } });
  control = new EmulatorControl(emulator.loginUrl);
  process.env.ENTRA_LOGIN_URL = emulator.loginUrl;
  process.env.GRAPH_API_URL = emulator.graphUrl;
  process.env.LOG_LEVEL = 'silent';
  const [stream, run, setups, connection] = await Promise.all([import('./stream'), import('./run'), import('@/lib/db/setups'), import('@/lib/db/connection')]);
  analysisStream = stream.analysisStream;
  isAnalysing = run.isAnalysing;
  createSetup = setups.createSetup;
  db = await connection.openSqlite(':memory:');
});

afterAll(async () => emulator?.close());

async function tenantSetup(count: number) {
  const t = makeTenant({ users: [] });
  await control.upsertTenant({ ...t.tenant, generatedUsers: { count } });
  return { t, setup: await createSetup(db, { tenant: t.tenantId, clientId: t.app.appId }) };
}

describe('analysis stream', () => {
  it('sends NDJSON, and its last line carries the totals', async () => {
    const { t, setup } = await tenantSetup(2100);
    const res = analysisStream(db, setup, { clientSecret: t.app.secret, includeUpns: false, signal: new AbortController().signal });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store, no-transform');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; totals?: Record<string, unknown> });
    expect(lines.map((l) => l.type)).toEqual(['start', 'progress', 'progress', 'progress', 'done']);
    expect(lines.at(-1)?.totals).toEqual({
      total: 2100,
      guests: expect.any(Number),
      disabled: expect.any(Number),
      onmicrosoft: expect.any(Number),
      synced: expect.any(Number),
      missing: { userPrincipalName: 0, mail: expect.any(Number), displayName: 0, department: expect.any(Number), jobTitle: expect.any(Number), officeLocation: expect.any(Number), city: expect.any(Number), country: expect.any(Number) },
    });
    expect(JSON.stringify(lines)).not.toContain(t.app.secret);
  });

  it('stops the analysis when the reader cancels', async () => {
    const { t, setup } = await tenantSetup(30_000);
    await control.setLatency(30, 'graph-users');
    try {
      const res = analysisStream(db, setup, { clientSecret: t.app.secret, includeUpns: true, signal: new AbortController().signal });
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain('"type":"start"');
      await reader.read();
      expect(isAnalysing(setup.id)).toBe(true);
      await reader.cancel();
      await expect.poll(() => isAnalysing(setup.id), { timeout: 5000 }).toBe(false);
    } finally {
      await control.setLatency(0, 'graph-users');
    }
  });

  it('stops the analysis when the request is aborted', async () => {
    const { t, setup } = await tenantSetup(30_000);
    const abort = new AbortController();
    const res = analysisStream(db, setup, { clientSecret: t.app.secret, includeUpns: false, signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    let done = false;
    for (let i = 0; i < 50 && !done; i++) done = (await reader.read()).done;
    expect(done).toBe(true);
    expect(isAnalysing(setup.id)).toBe(false);
  });
});
