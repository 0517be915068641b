import 'server-only';
import PgBoss from 'pg-boss';
import { log } from '@/lib/log';
import type { JobRunner, Schedule } from './types';

/** pg-boss's queue names allow letters, digits, `_` and `-`. */
export function queueName(name: string): string {
  return `wizard-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Several instances on one PostgreSQL: pg-boss keeps the schedules in the database (its own schema
 * `pgboss`), creates one job per due tick however many instances watch it, and one worker takes it.
 */
export async function pgBossRunner(connectionString: string, options: { stopTimeoutMs?: number } = {}): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', max: 3, application_name: 'entra-setup-wizard-jobs' });
  boss.on('error', (err) => log.warn('jobs.pg_boss_error', { error: err.message }));
  await boss.start();
  return {
    async add(schedule: Schedule) {
      const queue = queueName(schedule.name);
      await boss.createQueue(queue);
      await boss.schedule(queue, schedule.cron, {}, { tz: 'UTC', retryLimit: 0, expireInMinutes: 15 });
      await boss.work(queue, { pollingIntervalSeconds: 2, includeMetadata: true }, async (jobs) => {
        for (const job of jobs) {
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
