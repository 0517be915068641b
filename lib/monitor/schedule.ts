import 'server-only';
import { getDb, type Db } from '@/lib/db/connection';
import type { Jobs } from '@/lib/jobs';
import { log } from '@/lib/log';
import { listMonitorIdentities, type MonitorSchedule } from './identity';
import { runMonitorForTenant } from './run';

/** The scheduler's tick: hourly; each tenant runs when its own schedule (daily by default) is due. */
export const MONITOR_JOB = { name: 'monitor-tenants', cron: '0 * * * *' } as const;

const INTERVAL_MS: Record<Exclude<MonitorSchedule, 'off'>, number> = { hourly: 3_600_000, daily: 86_400_000 };

export function nextRunAt(schedule: MonitorSchedule, lastRunAt: string | null, now: Date): string | null {
  if (schedule === 'off') return null;
  if (!lastRunAt) return now.toISOString();
  // A few minutes of slack: an hourly tick that fires slightly early still runs a daily tenant.
  return new Date(Date.parse(lastRunAt) + INTERVAL_MS[schedule] - 5 * 60_000).toISOString();
}

/** Runs every tenant whose schedule is due. Called once per tick across instances by the scheduler. */
export async function runDueMonitors(db: Db, now = new Date()): Promise<number> {
  let ran = 0;
  for (const identity of await listMonitorIdentities(db)) {
    if (!identity.clientId || identity.schedule === 'off') continue;
    const last = await db
      .selectFrom('monitor_runs')
      .innerJoin('setups', 'setups.id', 'monitor_runs.setup_id')
      .select((eb) => eb.fn.max('monitor_runs.started_at').as('at'))
      .where('setups.tenant_id', '=', identity.tenantId)
      .executeTakeFirst();
    const due = nextRunAt(identity.schedule, (last?.at as string | null | undefined) ?? null, now);
    if (due === null || Date.parse(due) > now.getTime()) continue;
    try {
      await runMonitorForTenant(db, identity.tenantId, now);
      ran++;
    } catch (err) {
      log.warn('monitor.run_failed', { tenantId: identity.tenantId, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return ran;
}

/** Registers the monitoring tick with the scheduler (lib/jobs/schedules.ts calls it at server start). */
export function registerMonitorSchedules(jobs: Jobs): void {
  jobs.every(MONITOR_JOB.name, MONITOR_JOB.cron, async ({ at }) => {
    const ran = await runDueMonitors(await getDb(), at);
    if (ran) log.info('monitor.scheduled', { tenants: ran });
  });
}
