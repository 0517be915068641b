import 'server-only';
import { getDb, type Db } from '@/lib/db/connection';
import { getSetup } from '@/lib/db/setups';
import type { Jobs } from '@/lib/jobs';
import { log } from '@/lib/log';
import { open, seal } from '@/lib/security/seal';
import type { Setup } from '@/lib/setups/schema';
import { checkRunInput, type RunInput } from './workflow-run';
import { saveWorkflowRun } from './workflow-runs-store';
import { prepareRun, triggerAndPoll } from './workflows-api';

/**
 * The opt-in scheduled re-run of "Run it in Nexthink". Re-running needs the API credential, which is otherwise
 * memory-only: when the admin opts in, the run's input is kept sealed (AES-256-GCM, bound to the setup) and
 * never shown again; opting out deletes it.
 */
interface NexthinkRunSchedulesTable {
  setup_id: string;
  step: string;
  sealed_input: string;
  created_at: string;
  last_run_at: string | null;
}

const table = (db: Db) => db.withTables<{ nexthink_run_schedules: NexthinkRunSchedulesTable }>();
const context = (setupId: string) => `nexthink-run-schedule:${setupId}`;

export async function setSchedule(db: Db, setupId: string, step: string, input: RunInput | null): Promise<void> {
  if (!input) {
    await table(db).deleteFrom('nexthink_run_schedules').where('setup_id', '=', setupId).execute();
    return;
  }
  const sealed = seal(JSON.stringify(input), context(setupId));
  await table(db)
    .insertInto('nexthink_run_schedules')
    .values({ setup_id: setupId, step, sealed_input: sealed, created_at: new Date().toISOString(), last_run_at: null })
    .onConflict((oc) => oc.column('setup_id').doUpdateSet({ step, sealed_input: sealed }))
    .execute();
}

export async function isScheduled(db: Db, setupId: string): Promise<boolean> {
  return (await table(db).selectFrom('nexthink_run_schedules').select('setup_id').where('setup_id', '=', setupId).executeTakeFirst()) !== undefined;
}

/**
 * Runs every scheduled setup's check. Each run is stored like a run from the page, so a changed outcome
 * reaches onOutcomeChange (the notification).
 */
export async function runScheduledNexthinkChecks(db: Db, loadSetup: (id: string) => Promise<Pick<Setup, 'workflows' | 'mapping'> | undefined>): Promise<number> {
  const rows = await table(db).selectFrom('nexthink_run_schedules').selectAll().execute();
  let ran = 0;
  for (const row of rows) {
    const setup = await loadSetup(row.setup_id);
    if (!setup) continue;
    let input: RunInput;
    try {
      const checked = checkRunInput(JSON.parse(open(row.sealed_input, context(row.setup_id))) as Record<string, string | number>);
      if (!checked.ok) continue;
      input = checked.value;
    } catch (err) {
      log.warn('nexthink-run.schedule-unreadable', { setup: row.setup_id, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const prepared = await prepareRun(input, setup);
    if (prepared.kind === 'refused') continue;
    const events = prepared.kind === 'done' ? [{ type: 'done' as const, result: prepared.result }] : triggerAndPoll(input, prepared, { usernameProperty: setup.mapping.username || 'nothing' });
    for await (const event of events) {
      if (event.type === 'done') {
        await saveWorkflowRun(db, row.setup_id, row.step, event.result, { scheduled: true });
        ran++;
      }
    }
    await table(db).updateTable('nexthink_run_schedules').set({ last_run_at: new Date().toISOString() }).where('setup_id', '=', row.setup_id).execute();
  }
  return ran;
}

/** Once a day at 06:00 UTC (once across instances), every opted-in setup is run in Nexthink again. */
export function registerNexthinkRunSchedule(jobs: Jobs): void {
  jobs.every('nexthink-rerun', '0 6 * * *', async () => {
    const db = await getDb();
    const ran = await runScheduledNexthinkChecks(db, (id) => getSetup(db, id));
    if (ran) log.info('nexthink-run.scheduled', { ran });
  });
}
