import 'server-only';
import { describeStore, getDb, type Db } from './db/connection';
import { isDatabaseUnavailable } from './db/errors';
import { env } from './env';
import { limits } from './security/limits';
import { startJobs, stopJobs } from './jobs';
import { registerSchedules } from './jobs/schedules';
import { log } from './log';
import { installShutdownBound, onShutdown } from './shutdown';

/** How long a start waits for a database that is still coming up (e.g. started by the same compose file). */
const DATABASE_WAIT_MS = 60_000;

/**
 * Validates configuration and opens the database (applying migrations) before the first request, so
 * a bad setting stops the start with a readable message instead of failing later.
 */
export async function startServer(): Promise<void> {
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
      const db = await getDb();
      await startSchedules(db, config.DATABASE_URL);
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

/** The scheduler runs in the server process (no cron, no other service); a failure to start it is logged, not fatal. */
async function startSchedules(db: Db, postgresUrl: string | undefined): Promise<void> {
  registerSchedules();
  try {
    await startJobs(db, postgresUrl ? { postgresUrl } : {});
    onShutdown(stopJobs);
  } catch (err) {
    log.error('jobs.start_failed', { error: err instanceof Error ? err.message : String(err) });
  }
}
