/**
 * PostgreSQL dies mid-run under a steady stream of writes, then comes back. The container's start-up path
 * (node .next/standalone/server.js) keeps running throughout: the API answers 503 unavailable:database,
 * pages and share links say the service is unavailable, and once the database is back everything works
 * again without a restart, with every acknowledged write present.
 */
import { chromium, type Browser } from '@playwright/test';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startPostgres, type PostgresCluster } from '../support/postgres.mjs';
import { api, startApp, waitForHealth, type App } from './support';

let cluster: PostgresCluster;
let databaseUrl: string;
let app: App;
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-gpu', '--no-first-run'],
  });
  cluster = await startPostgres();
  databaseUrl = await createDatabase(cluster, 'wizard');
  app = await startApp('standalone', { DATABASE_URL: databaseUrl, RATE_LIMIT_SETUPS_PER_IP: '100000', RATE_LIMIT_SETUPS_TOTAL: '100000', RATE_LIMIT_SHARE_LOOKUPS_PER_IP: '100000' });
  await waitForHealth(app);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  cluster?.stop();
}, 60_000);

type Ack = { created: Set<string>; lastName: Map<string, number>; statuses: Map<number, number> };

/** Writers that keep creating setups and renaming them (name = a counter) until told to stop. */
function writers(ids: string[], ack: Ack, stop: { now: boolean }) {
  const count = (status: number) => ack.statuses.set(status, (ack.statuses.get(status) ?? 0) + 1);
  const renamer = async (id: string) => {
    for (let n = 1; !stop.now; n++) {
      const res = await api(app.url, 'PATCH', `/api/setups/${id}`, { name: String(n) }).catch(() => ({ status: 0 }));
      count(res.status);
      if (res.status === 200) ack.lastName.set(id, n);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const creator = async () => {
    while (!stop.now) {
      const res = await api(app.url, 'POST', '/api/setups', { name: 'created during the run' }).catch(() => ({ status: 0, json: {} as Record<string, unknown> }));
      count(res.status);
      if (res.status === 201) ack.created.add(res.json.id as string);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return Promise.all([...ids.map(renamer), creator(), creator()]);
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.\n${app.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('PostgreSQL killed mid-run', () => {
  it('503s with a clear error while it is down, recovers by itself, and loses no acknowledged write', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await api(app.url, 'POST', '/api/setups', { name: '0' })).json.id as string);
    const quiet = (await api(app.url, 'POST', '/api/setups', { name: 'Outage check' })).json.id as string;
    const tab = await browser.newPage();
    await tab.goto(`${app.url}/setups/${quiet}/status`);
    await tab.getByRole('heading', { level: 1, name: 'Outage check' }).waitFor();
    const share = await api(app.url, 'POST', `/api/setups/${ids[0]!}/shares`, {});
    const sharePath = new URL(share.json.url as string).pathname;
    const pid = app.proc.pid;

    const ack: Ack = { created: new Set(), lastName: new Map(), statuses: new Map() };
    const stop = { now: false };
    const running = writers(ids, ack, stop);
    await until(async () => ack.created.size >= 5, 30_000, 'writes before the outage');

    cluster.crash();

    // The API: 503 with the database's error code, never a 500 or a stack.
    await until(async () => (await api(app.url, 'GET', `/api/setups/${ids[1]!}`)).status === 503, 20_000, 'a 503 from the API');
    const read = await api(app.url, 'GET', `/api/setups/${ids[1]!}`);
    expect(read.json.error).toEqual({ code: 'unavailable:database', message: expect.stringMatching(/^The database is unreachable/) });
    expect(read.headers.get('retry-after')).toBe('5');
    const write = await api(app.url, 'PATCH', `/api/setups/${ids[1]!}`, { name: 'during the outage' });
    expect(write.status).toBe(503);
    expect(write.json.error?.code).toBe('unavailable:database');
    expect(write.text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|ECONNREFUSED|Connection terminated/);
    const health = await api(app.url, 'GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.json).toMatchObject({ status: 'unavailable', database: 'unreachable', version: expect.any(String) });

    // Pages and share links say the service is unavailable, without details.
    const page = await tab.goto(`${app.url}/setups/${quiet}/status`);
    expect(page?.status()).toBeGreaterThanOrEqual(500);
    await tab.getByRole('heading', { level: 1, name: 'Service unavailable' }).waitFor();
    const shown = await tab.locator('main').innerText();
    expect(shown).toContain('database cannot be reached');
    expect(shown + (await page!.text())).not.toMatch(/ECONNREFUSED|Connection terminated|postgres:\/\/|\bat .+:\d+:\d+/);
    const shared = await fetch(`${app.url}${sharePath}`);
    expect(shared.status).toBe(503);
    expect(await shared.text()).toContain('Service unavailable');

    await new Promise((r) => setTimeout(r, 1500)); // writers keep failing against the dead store meanwhile
    cluster.start();

    await waitForHealth(app, { timeoutMs: 30_000 });
    const acknowledgedBefore = ack.created.size;
    await until(async () => ack.created.size >= acknowledgedBefore + 5, 30_000, 'writes after the outage');
    stop.now = true;
    await running;

    // Same process throughout: the pool reconnected by itself.
    expect(app.proc.pid).toBe(pid);
    expect(app.proc.exitCode).toBeNull();
    expect(ack.statuses.get(503)).toBeGreaterThan(0);
    expect(ack.statuses.get(500)).toBeUndefined();
    expect([...ack.statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 201, 503]));
    expect([...ack.statuses.keys()].filter((s) => ![200, 201, 503].includes(s))).toEqual([]);

    // Every acknowledged write is there (a rename may be newer than its last acknowledgement: its answer
    // was lost with the connection, never the other way round).
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const created = await client.query<{ id: string }>('select id from setups where id = any($1)', [[...ack.created]]);
    expect(created.rows.length).toBe(ack.created.size);
    for (const [id, n] of ack.lastName) {
      const row = await client.query<{ name: string }>('select name from setups where id = $1', [id]);
      expect(Number(row.rows[0]?.name)).toBeGreaterThanOrEqual(n);
    }
    await client.end();
    console.log(`outage: answers by status ${JSON.stringify(Object.fromEntries(ack.statuses))}; ${ack.created.size} acknowledged creations and ${ack.lastName.size} setups' last acknowledged renames all found`);

    // The page that said so came back by itself (it polls /api/health), and links work again.
    await tab.getByRole('heading', { level: 1, name: 'Outage check' }).waitFor({ timeout: 15_000 });
    expect(await tab.getByRole('heading', { name: 'Service unavailable' }).count()).toBe(0);
    const after = await fetch(`${app.url}/setups/${ids[1]!}/status`);
    expect(after.status).toBe(200);
    expect((await fetch(`${app.url}${sharePath}`)).status).toBe(200);
    expect(app.output()).not.toMatch(/uncaughtException|unhandledRejection/i);
  }, 150_000);
});
