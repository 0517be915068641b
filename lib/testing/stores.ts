import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openPostgres, openSqlite, type Db } from '@/lib/db/connection';

export type TestStore = { name: 'sqlite' | 'postgres'; skip?: string; open: () => Promise<Db> };

/**
 * The stores every repository test runs against: SQLite in memory, and a fresh database in the private
 * PostgreSQL cluster the global setup started. No mocks: the same queries reach both engines.
 */
export function testStores(): TestStore[] {
  const provided = inject('postgres');
  return [
    { name: 'sqlite', open: () => openSqlite(':memory:') },
    {
      name: 'postgres',
      ...('skip' in provided && { skip: provided.skip }),
      async open() {
        if ('error' in provided) throw new Error(provided.error);
        if (!('url' in provided)) throw new Error('PostgreSQL tests are skipped.');
        return openPostgres(await createTestDatabase(provided.url), { max: 4 });
      },
    },
  ];
}

/** An empty database of its own in the test cluster; returns its URL. */
export async function createTestDatabase(clusterUrl: string): Promise<string> {
  const { default: pg } = await import('pg');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
