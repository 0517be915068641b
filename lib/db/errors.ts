import 'server-only';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from 'kysely';

// Socket-level failures and PostgreSQL's "connection exception" class (08…), shutdowns (57P01–57P03) and
// "too many connections" (53300): the store is down or refusing, not the request wrong.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const PG_MESSAGES = /connection terminated|timeout exceeded when trying to connect|client has encountered a connection error|server closed the connection|not queryable|the database system is (?:starting up|shutting down|in recovery mode)/i;
// SQLite: the file is locked past busy_timeout, or cannot be opened or written.
const SQLITE_CODES = /^SQLITE_(?:BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY)/;

// Marks on the objects themselves, not module state: instrumentation (which opens the store) and each
// route are bundled apart, each with its own copy of this module.
const FROM_STORE = Symbol.for('entra-wizard.store-error');
const KIND = Symbol.for('entra-wizard.store-kind');

/** Errors raised by the store's driver (so an upstream ECONNREFUSED is never taken for the database's). */
function markFromStore(err: unknown) {
  if (err && typeof err === 'object' && Object.isExtensible(err)) Object.defineProperty(err, FROM_STORE, { value: true });
}

function looksUnreachable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_CODES.has(code) || code.startsWith('08') || SQLITE_CODES.test(code))) return true;
  if (typeof message === 'string' && PG_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => looksUnreachable(e, depth + 1))) return true;
  return looksUnreachable(cause, depth + 1);
}

function storeError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  return (err as { [FROM_STORE]?: boolean })[FROM_STORE] === true || storeError((err as { cause?: unknown }).cause, depth + 1);
}

/** True when the store could not be reached (a 503 that heals by itself), rather than a bug (a 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return storeError(err) && looksUnreachable(err);
}

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unreachable at the moment, so nothing was read or saved. Try again in a few seconds.';

async function marked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    markFromStore(err);
    throw err;
  }
}

async function* markedStream<R>(rows: AsyncIterableIterator<QueryResult<R>>): AsyncIterableIterator<QueryResult<R>> {
  try {
    yield* rows;
  } catch (err) {
    markFromStore(err);
    throw err;
  }
}

function markedConnection(connection: DatabaseConnection): DatabaseConnection {
  return {
    executeQuery: (query) => marked(() => connection.executeQuery(query)),
    streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => markedStream(connection.streamQuery<R>(query, chunkSize)),
  };
}

/** Which engine an adapter speaks, as set by markingStoreErrors. */
export function adapterKind(adapter: object): 'sqlite' | 'postgres' | undefined {
  return (adapter as { [KIND]?: 'sqlite' | 'postgres' })[KIND];
}

/** Wraps a dialect so that every error its driver raises is known to come from the store. */
export function markingStoreErrors(dialect: Dialect, kind: 'sqlite' | 'postgres'): Dialect {
  return {
    createAdapter() {
      const adapter = dialect.createAdapter();
      Object.defineProperty(adapter, KIND, { value: kind });
      return adapter;
    },
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const unwrap = (c: DatabaseConnection) => inner.get(c) ?? c;
      return {
        init: () => marked(() => driver.init()),
        async acquireConnection() {
          const connection = await marked(() => driver.acquireConnection());
          const wrapped = markedConnection(connection);
          inner.set(wrapped, connection);
          return wrapped;
        },
        beginTransaction: (c, settings) => marked(() => driver.beginTransaction(unwrap(c), settings)),
        commitTransaction: (c) => marked(() => driver.commitTransaction(unwrap(c))),
        rollbackTransaction: (c) => marked(() => driver.rollbackTransaction(unwrap(c))),
        ...(driver.savepoint && { savepoint: (c, name, compile) => marked(() => driver.savepoint!(unwrap(c), name, compile)) }),
        ...(driver.rollbackToSavepoint && { rollbackToSavepoint: (c, name, compile) => marked(() => driver.rollbackToSavepoint!(unwrap(c), name, compile)) }),
        ...(driver.releaseSavepoint && { releaseSavepoint: (c, name, compile) => marked(() => driver.releaseSavepoint!(unwrap(c), name, compile)) }),
        releaseConnection: (c) => driver.releaseConnection(unwrap(c)),
        destroy: () => driver.destroy(),
      };
    },
  };
}
