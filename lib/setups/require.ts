import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { getDb, type Db } from '@/lib/db/connection';
import { getSetup } from '@/lib/db/setups';
import { setupIdSchema, type Setup } from './schema';

/** The setup an API route works on, or the JSON 404 every route answers for unknown and malformed ids. */
export async function requireSetup(id: string): Promise<{ db: Db; setup: Setup }> {
  if (!setupIdSchema.safeParse(id).success) throw new ApiError('not_found:setup', 'No setup with this id.');
  const db = await getDb();
  const setup = await getSetup(db, id);
  if (!setup) throw new ApiError('not_found:setup', 'No setup with this id.');
  return { db, setup };
}
