import 'server-only';
import { describeStore, getDb } from './db/connection';
import { isDatabaseUnavailable } from './db/errors';
import { env } from './env';
import { limits } from './security/limits';
import { stampPeersOfEveryServer } from './security/peer';
import { installShutdownBound } from './shutdown';

/** How long a start waits for a database that is still coming up (e.g. started by the same compose file). */
const DATABASE_WAIT_MS = 60_000;

/**
 * Validates configuration and opens the database (applying migrations) before the first request, so
 * a bad setting stops the start with a readable message instead of failing later.
 */
export async function startServer(): Promise<void> {
  stampPeersOfEveryServer();
  let config;
  try {
    config = env();
    limits();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  installShutdownBound(config.SHUTDOWN_TIMEOUT_MS);
  const deadline = Date.now() + DATABASE_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await getDb();
      return;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (isDatabaseUnavailable(err) && Date.now() < deadline) {
        if (attempt === 1) console.error(`Waiting for the database (${describeStore()}): ${message}`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 500 * attempt)));
        continue;
      }
      console.error(`Cannot open the database (${describeStore()}): ${message}`);
      process.exit(1);
    }
  }
}
