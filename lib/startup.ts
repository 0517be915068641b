import 'server-only';
import { getDb } from './db/connection';
import { env } from './env';

/**
 * Validates configuration and opens the database (applying migrations) before the first request, so
 * a bad setting stops the start with a readable message instead of failing later.
 */
export async function startServer(): Promise<void> {
  let config;
  try {
    config = env();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  try {
    await getDb();
  } catch (err) {
    console.error(`Cannot open the database at ${config.DATABASE_PATH}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
