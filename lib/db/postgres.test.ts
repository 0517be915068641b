/**
 * What only PostgreSQL has to prove: instances starting together migrate once (Kysely's Migrator holds
 * an advisory lock), an outage is an "unavailable" error rather than a bug, and the pool heals by itself.
 */
import net from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '@/lib/testing/stores';
import { openPostgres, type Db } from './connection';
import { isDatabaseUnavailable } from './errors';
import { migrationProvider } from './migrations';
import { createSetup, getSetup } from './setups';

const provided = inject('postgres');
// Kysely 0.28's PostgresAdapter.acquireMigrationLock: pg_advisory_lock(3853314791062309107) on the migration connection.
const KYSELY_MIGRATION_LOCK = '3853314791062309107';

const opened: Db[] = [];
async function open(url: string, options: Parameters<typeof openPostgres>[1] = {}) {
  const db = await openPostgres(url, { max: 3, ...options });
  opened.push(db);
  return db;
}
afterAll(async () => {
  await Promise.all(opened.map((db) => db.destroy().catch(() => undefined)));
});

async function clusterUrl(): Promise<string> {
  if ('error' in provided) throw new Error(provided.error);
  if (!('url' in provided)) throw new Error('unreachable');
  return createTestDatabase(provided.url);
}

/** A TCP relay in front of PostgreSQL that a test can cut (connections reset, new ones refused) and restore. */
async function relay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const url = new URL(target);
  url.port = String(port);
  return {
    url: url.toString(),
    async cut() {
      await new Promise<void>((resolve) => server!.close(() => resolve()) && [...sockets].forEach((s) => s.destroy()));
    },
    restore: listen,
  };
}

describe.skipIf('skip' in provided)('PostgreSQL store', () => {
  it('instances migrating an empty database at the same moment apply each migration exactly once', async () => {
    const url = await clusterUrl();
    const applied: string[][] = [];
    await Promise.all(Array.from({ length: 4 }, () => open(url, { onMigrated: (names) => applied.push(names) })));
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    expect(applied.flat().sort()).toEqual(names);
    expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ name: string; n: string }>('select name, count(*) as n from kysely_migration group by name order by name');
    await client.end();
    expect(rows.rows.map((r) => [r.name, Number(r.n)])).toEqual(names.map((n) => [n, 1]));
  }, 60_000);

  it("Kysely's Migrator waits for the PostgreSQL advisory lock before migrating", async () => {
    const url = await clusterUrl();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query(`select pg_advisory_lock(${KYSELY_MIGRATION_LOCK})`);
    let done = false;
    const opening = open(url).then(() => (done = true));
    // The migrator is queued behind the lock (however long its connection took), and has not migrated.
    await expect
      .poll(async () => (await holder.query(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`)).rows[0].n, { timeout: 20_000 })
      .toBe(1);
    expect(done).toBe(false);
    const tables = await holder.query(`select count(*)::int as n from information_schema.tables where table_name = 'setups'`);
    expect(tables.rows[0].n).toBe(0);
    await holder.query(`select pg_advisory_unlock(${KYSELY_MIGRATION_LOCK})`);
    await opening;
    expect(done).toBe(true);
    await holder.end();
  }, 60_000);

  it('bigint results arrive as numbers, like SQLite integers', async () => {
    const db = await open(await clusterUrl());
    const { rows } = await sql<{ n: unknown }>`select count(*) as n from setups`.execute(db);
    expect(rows[0]?.n).toBe(0);
  }, 60_000);

  it('an outage fails queries as "unavailable", and the same pool serves again once the database is back', async () => {
    const target = new URL(await clusterUrl());
    const link = await relay(target);
    const poolErrors: string[] = [];
    const db = await open(link.url, { onPoolError: (e) => poolErrors.push(e.message) });
    const setup = await createSetup(db, { name: 'before the outage' });

    await link.cut();
    const during = await getSetup(db, setup.id).catch((e: unknown) => e);
    expect(during).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(during)).toBe(true);
    const writing = await createSetup(db, { name: 'during' }).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(writing)).toBe(true);

    await link.restore();
    expect((await getSetup(db, setup.id))?.name).toBe('before the outage');
    expect((await createSetup(db, { name: 'after' })).name).toBe('after');
  }, 60_000);

  it('an unreachable server at start is "unavailable" too (the start waits and retries on it)', async () => {
    const err = await openPostgres('postgres://postgres@127.0.0.1:1/none').catch((e: unknown) => e);
    expect(isDatabaseUnavailable(err)).toBe(true);
  }, 30_000);
});
