import { sql } from 'kysely';
import { getDb, storeKind } from '@/lib/db/connection';
import { handle, json } from '@/lib/api/http';
import { env } from '@/lib/env';
import packageJson from '@/package.json';

/** Liveness and readiness for load balancers and the container's HEALTHCHECK: 503 while the store is unreachable. */
export const GET = handle(async () => {
  const store = env().DATABASE_URL ? 'postgres' : 'sqlite';
  try {
    const db = await getDb();
    await sql`select 1`.execute(db);
    return json({ status: 'ok', version: packageJson.version, database: 'ok', store: storeKind(db) });
  } catch {
    return json({ status: 'unavailable', version: packageJson.version, database: 'unreachable', store }, { status: 503, headers: { 'retry-after': '5' } });
  }
});
