import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { adapterKind, markingStoreErrors } from './errors';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type StoreKind = 'sqlite' | 'postgres';

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles SQL on each prepare(): on a validation
 * that is a good part of the server's own time. Compiled statements are kept per SQL text (the app's
 * queries, a bounded set; lists of varying length beyond it are prepared each time) and reused unless one
 * is still being iterated.
 */
function keepingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const known = kept.get(sql);
      if (known && !known.busy) return known;
      const statement = sqlite.prepare(sql);
      if (!known && kept.size < 500) kept.set(sql, statement);
      return statement;
    },
  };
}

type OpenOptions = { onMigrated?: (applied: string[]) => void };

const SQLITE_FILES = ['', '-wal', '-shm'];

/**
 * The store holds who validated what against which tenant: its folder is the server user's only (0700 when
 * the wizard creates it) and its files 0600 (SQLite gives -wal and -shm the database file's mode).
 */
function privateDatabaseFile(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
}

function tightenModes(file: string): void {
  for (const suffix of SQLITE_FILES) {
    try {
      fs.chmodSync(file + suffix, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** Opens the embedded SQLite store at `file` (created with its folder on first run) and applies migrations. */
export async function openSqlite(file: string, options: OpenOptions = {}): Promise<Db> {
  if (file !== ':memory:') privateDatabaseFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  if (file !== ':memory:') tightenModes(file);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: markingStoreErrors(new SqliteDialect({ database: keepingStatements(sqlite) }), 'sqlite') });
  const applied = await migrate(db);
  options.onMigrated?.(applied);
  return db;
}

// bigint (count(*), sum()) arrives as a string from pg; every integer the store holds fits in a double.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Opens a pool on the PostgreSQL database at `url` and applies migrations (Kysely's Migrator holds a
 * PostgreSQL advisory lock while it runs, so instances starting together migrate once). The pool
 * reconnects by itself after an outage; a failed query fails only its request.
 */
export async function openPostgres(url: string, options: OpenOptions & { max?: number; onPoolError?: (err: Error) => void } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    application_name: 'entra-setup-wizard',
  });
  // A client whose server went away emits 'error' — on the pool while idle, on itself while checked out
  // (Kysely adds no listener). Unheard, either would end the process; the query in flight fails anyway,
  // and the pool drops the dead client when it is released.
  pool.on('error', (err) => options.onPoolError?.(err));
  pool.on('connect', (client) => client.on('error', (err) => options.onPoolError?.(err)));
  const db = new Kysely<Database>({ dialect: markingStoreErrors(new PostgresDialect({ pool }), 'postgres') });
  try {
    const applied = await migrate(db);
    options.onMigrated?.(applied);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
  return db;
}

/** Applies pending migrations; returns the names this call applied (none when another instance did). */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export function storeKind(db: Kysely<unknown> | Kysely<Database>): StoreKind {
  const adapter = db.getExecutor().adapter;
  return adapterKind(adapter) ?? (adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');
}

/** Where the process-wide store lives, for messages (never the password). */
export function describeStore(): string {
  const { DATABASE_URL, DATABASE_PATH } = env();
  if (!DATABASE_URL) return `SQLite at ${DATABASE_PATH}`;
  try {
    const u = new URL(DATABASE_URL);
    return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

const globalForDb = globalThis as unknown as { __wizardDb?: Promise<Db> };

/**
 * The process-wide store: PostgreSQL when DATABASE_URL is set, SQLite at DATABASE_PATH otherwise. A
 * failed open is forgotten, so the next call tries again. Tests open their own with openSqlite(':memory:').
 */
export function getDb(): Promise<Db> {
  if (!globalForDb.__wizardDb) {
    const { DATABASE_URL, DATABASE_PATH, DATABASE_POOL_MAX } = env();
    const onMigrated = (applied: string[]) => {
      if (applied.length) log.info('db.migrated', { store: DATABASE_URL ? 'postgres' : 'sqlite', applied });
    };
    const opening = DATABASE_URL
      ? openPostgres(DATABASE_URL, {
          max: DATABASE_POOL_MAX,
          onMigrated,
          onPoolError: (err) => log.warn('db.pool_error', { error: err.message }),
        })
      : openSqlite(DATABASE_PATH, { onMigrated });
    globalForDb.__wizardDb = opening;
    opening.catch(() => {
      if (globalForDb.__wizardDb === opening) globalForDb.__wizardDb = undefined;
    });
  }
  return globalForDb.__wizardDb;
}
