import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/connection';
import { recordEvent } from '@/lib/db/events';
import { log } from '@/lib/log';
import { tellSetup } from '@/lib/notify/enqueue';
import type { WorkflowRunResult } from './workflows-api';

/** The nexthink_workflow_runs table (migration 0014). Kept beside its only user rather than in the shared schema. */
interface NexthinkWorkflowRunsTable {
  id: string;
  setup_id: string;
  step: string;
  started_at: string;
  duration_ms: number;
  status: string;
  cause: string;
  /** JSON: the WorkflowRunResult — what Nexthink answered and recorded; never the API credential or a secret. */
  result: string;
}

export type StoredWorkflowRun = WorkflowRunResult & { id: string; step: string };

const KEPT_PER_SETUP = 20;
const table = (db: Db) => db.withTables<{ nexthink_workflow_runs: NexthinkWorkflowRunsTable }>();

export async function latestWorkflowRun(db: Db, setupId: string): Promise<StoredWorkflowRun | undefined> {
  const row = await table(db).selectFrom('nexthink_workflow_runs').selectAll().where('setup_id', '=', setupId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  try {
    return { ...(JSON.parse(row.result) as WorkflowRunResult), id: row.id, step: row.step };
  } catch {
    return undefined;
  }
}

export async function saveWorkflowRun(db: Db, setupId: string, step: string, result: WorkflowRunResult, opts: { scheduled?: boolean } = {}): Promise<StoredWorkflowRun> {
  const previous = await latestWorkflowRun(db, setupId);
  const id = randomUUID();
  await table(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('nexthink_workflow_runs')
        .values({ id, setup_id: setupId, step, started_at: result.startedAt, duration_ms: result.durationMs, status: result.status, cause: result.cause, result: JSON.stringify(result) })
        .execute();
      const keep = await trx.selectFrom('nexthink_workflow_runs').select('id').where('setup_id', '=', setupId).orderBy('started_at', 'desc').limit(KEPT_PER_SETUP).execute();
      await trx
        .deleteFrom('nexthink_workflow_runs')
        .where('setup_id', '=', setupId)
        .where(
          'id',
          'not in',
          keep.map((k) => k.id),
        )
        .execute();
    });
  await recordEvent(db, setupId, 'nexthink-run', { step, status: result.status, ...(opts.scheduled && { scheduled: true }) });
  const saved = { ...result, id, step };
  if (previous && previous.cause !== result.cause) await onOutcomeChange(db, setupId, previous, saved);
  return saved;
}

/**
 * The one place a change of the Nexthink run's outcome becomes a notice (branch `notify`): a run that passed
 * failing or warning now, or passing again. Each run's notice is keyed by its id, so it is sent once per channel.
 * A failure to queue is logged and never fails the run.
 */
export async function onOutcomeChange(db: Db, setupId: string, previous: WorkflowRunResult, current: StoredWorkflowRun): Promise<void> {
  const severity = current.status === 'pass' ? 'resolved' : current.status === 'warn' ? 'warning' : 'critical';
  log.info('nexthink-run.outcome-changed', { setup: setupId, from: previous.cause, to: current.cause, severity });
  const what = `${current.workflow.name ?? current.workflow.id} for ${current.upn} in ${current.instance}.${current.region}`;
  await tellSetup(db, setupId, {
    kind: current.status === 'pass' ? 'nexthink-run.recovered' : 'nexthink-run.changed',
    severity,
    title: current.status === 'pass' ? `Run in Nexthink: passing again (${what})` : `Run in Nexthink: ${current.status === 'fail' ? 'now failing' : 'now warns'} (${what})`,
    cause: current.summary,
    fix: current.status === 'pass' ? 'Nothing to do.' : (current.remediation ?? 'Open the validation page of step 3 and run it in Nexthink again.'),
    ...(current.step && { step: current.step }),
    check: 'Run it in Nexthink',
    key: `nexthink-run:${current.id}`,
  });
}
