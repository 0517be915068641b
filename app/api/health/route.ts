import { sql } from 'kysely';
import { getDb } from '@/lib/db/connection';
import { json } from '@/lib/api/http';
import packageJson from '@/package.json';

export async function GET() {
  try {
    const db = await getDb();
    await sql`select 1`.execute(db);
    return json({ status: 'ok', version: packageJson.version, database: 'ok' });
  } catch {
    return json({ status: 'unavailable', version: packageJson.version, database: 'unreachable' }, { status: 503 });
  }
}
