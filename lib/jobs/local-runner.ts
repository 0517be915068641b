import 'server-only';
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Db } from '@/lib/db/connection';
import { log } from '@/lib/log';
import type { JobRunner, Schedule } from './types';

const KEEP_TICKS_MS = 7 * 86_400_000;

/**
 * The embedded store's scheduler: croner's timer in this process, and a (name, tick) row claimed before a
 * tick runs, so a tick runs once even when two processes open the same database file.
 */
export function localRunner(db: Db): JobRunner {
  const holder = randomUUID();
  const timers: Cron[] = [];
  const running = new Set<Promise<void>>();

  async function claimTick(name: string, at: Date): Promise<boolean> {
    const row = await db
      .insertInto('job_ticks')
      .values({ name, tick: at.toISOString(), holder })
      .onConflict((oc) => oc.columns(['name', 'tick']).doNothing())
      .returning('holder')
      .executeTakeFirst();
    if (row) await db.deleteFrom('job_ticks').where('name', '=', name).where('tick', '<', new Date(at.getTime() - KEEP_TICKS_MS).toISOString()).execute();
    return !!row;
  }

  return {
    async add(schedule: Schedule) {
      const timer = new Cron(schedule.cron, { timezone: 'UTC', protect: true, unref: true, name: `${schedule.name}:${holder}` }, async (self: Cron) => {
        const at = new Date(Math.floor((self.currentRun() ?? new Date()).getTime() / 1000) * 1000);
        const work = (async () => {
          try {
            if (await claimTick(schedule.name, at)) await schedule.handler({ name: schedule.name, at });
          } catch (err) {
            log.warn('jobs.tick_failed', { job: schedule.name, error: err instanceof Error ? err.message : String(err) });
          }
        })();
        running.add(work);
        await work;
        running.delete(work);
      });
      timers.push(timer);
    },
    async stop() {
      for (const t of timers) t.stop();
      await Promise.allSettled([...running]);
    },
  };
}
