import 'server-only';
import PgBoss from 'pg-boss';
import { log } from '@/lib/log';
import type { JobRunner, Schedule } from './types';

/** pg-boss's queue names allow letters, digits, `_` and `-`. */
export function queueName(name: string): string {
  return `wizard-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Instances starting together on an empty database race to create pg-boss's schema and queues, and
 * PostgreSQL may end one of them as a deadlock: the loser tries again.
 */
async function retrying<T>(what: string, work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts) throw err;
      log.debug('jobs.pg_boss_retry', { what, attempt, error: err instanceof Error ? err.message : String(err) });
      await new Promise((r) => setTimeout(r, 200 * attempt + Math.random() * 500));
    }
  }
}

/**
 * Several instances on one PostgreSQL: pg-boss keeps the schedules in the database (its own schema
 * `pgboss`), creates one job per due tick however many instances watch it, and one worker takes it.
 */
export async function pgBossRunner(connectionString: string, options: { stopTimeoutMs?: number } = {}): Promise<JobRunner> {
  const boss = await retrying('start', async () => {
    const b = new PgBoss({ connectionString, schema: 'pgboss', max: 3, application_name: 'entra-setup-wizard-jobs' });
    b.on('error', (err) => log.warn('jobs.pg_boss_error', { error: err.message }));
    try {
      await b.start();
      return b;
    } catch (err) {
      await b.stop({ graceful: false, wait: false }).catch(() => undefined);
      throw err;
    }
  });
  return {
    async add(schedule: Schedule) {
      const queue = queueName(schedule.name);
      await retrying('createQueue', () => boss.createQueue(queue));
      await retrying('schedule', () => boss.schedule(queue, schedule.cron, {}, { tz: 'UTC', retryLimit: 0, expireInMinutes: 15 }));
      await boss.work(queue, { pollingIntervalSeconds: 2, includeMetadata: true }, async (jobs) => {
        for (const job of jobs) {
          log.debug('jobs.tick', { job: schedule.name, at: job.createdOn });
          try {
            await schedule.handler({ name: schedule.name, at: job.createdOn });
          } catch (err) {
            log.warn('jobs.tick_failed', { job: schedule.name, error: err instanceof Error ? err.message : String(err) });
          }
        }
      });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: options.stopTimeoutMs ?? 10_000 });
    },
  };
}
