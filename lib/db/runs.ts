import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CheckResult, CheckStatus } from '@/lib/checks/result';
import { checkResultSchema, checkStatusSchema } from '@/lib/checks/result-schema';
import { isStepId, type StepId } from '@/lib/steps/registry';
import type { Db } from './connection';
import { recordEvent } from './events';
import type { ValidationRunsTable } from './schema';

export type StoredRun = {
  id: string;
  setupId: string;
  step: StepId;
  startedAt: string;
  durationMs: number;
  status: CheckStatus;
  checks: CheckResult[];
};

function toRun(row: ValidationRunsTable): StoredRun | undefined {
  if (!isStepId(row.step)) return undefined;
  const checks = z.array(checkResultSchema).safeParse(JSON.parse(row.checks));
  const status = checkStatusSchema.safeParse(row.status);
  return {
    id: row.id,
    setupId: row.setup_id,
    step: row.step,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    status: status.success ? status.data : 'skip',
    checks: checks.success ? checks.data : [],
  };
}

/** What a run learned that the setup keeps. */
export type RunLearned = {
  /** The tenant GUID a domain resolved to, for the tenant input it was resolved from. */
  tenantId?: { forTenant: string; value: string };
  /** The hint (first three characters) of a secret Entra issued a token for in this run. */
  secretHint?: string;
};

/**
 * Stores a run and what it learned about the setup in one transaction, so a run is either saved whole
 * or not at all. The resolved tenant id is only written while the tenant input is still the one the
 * run validated (the admin may have changed it meanwhile); the secret hint only when it changed.
 */
export async function saveRun(db: Db, run: Omit<StoredRun, 'id'>, learned: RunLearned = {}): Promise<StoredRun> {
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('validation_runs')
      .values({
        id,
        setup_id: run.setupId,
        step: run.step,
        started_at: run.startedAt,
        duration_ms: run.durationMs,
        status: run.status,
        checks: JSON.stringify(run.checks),
      })
      .execute();
    await recordEvent(trx, run.setupId, 'validated', { step: run.step, status: run.status }, run.startedAt);
    if (learned.tenantId) {
      await trx
        .updateTable('setups')
        .set({ tenant_id: learned.tenantId.value })
        .where('id', '=', run.setupId)
        .where('tenant', '=', learned.tenantId.forTenant)
        .execute();
    }
    const hint = learned.secretHint;
    if (hint) {
      await trx
        .updateTable('setups')
        .set({ secret_hint: hint })
        .where('id', '=', run.setupId)
        .where((eb) => eb.or([eb('secret_hint', 'is', null), eb('secret_hint', '!=', hint)]))
        .execute();
    }
  });
  return { id, ...run };
}

/** The outcome of a setup's latest run of one step (one index seek), or undefined before its first run. */
export async function previousStatus(db: Db, setupId: string, step: StepId): Promise<CheckStatus | undefined> {
  const row = await db
    .selectFrom('validation_runs')
    .select('status')
    .where('setup_id', '=', setupId)
    .where('step', '=', step)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const status = checkStatusSchema.safeParse(row?.status);
  return status.success ? status.data : undefined;
}

export async function latestRuns(db: Db, setupId: string): Promise<Partial<Record<StepId, StoredRun>>> {
  return (await latestRunsForMany(db, [setupId])).get(setupId) ?? {};
}

/** Each setup's latest run per step, in one query. */
export async function latestRunsForMany(db: Db, setupIds: readonly string[]): Promise<Map<string, Partial<Record<StepId, StoredRun>>>> {
  const result = new Map<string, Partial<Record<StepId, StoredRun>>>();
  if (setupIds.length === 0) return result;
  const rows = await db
    .selectFrom('validation_runs')
    .selectAll()
    .where('setup_id', 'in', [...setupIds])
    .where((eb) =>
      eb(
        'started_at',
        '=',
        eb
          .selectFrom('validation_runs as v2')
          .select((e) => e.fn.max('v2.started_at').as('m'))
          .whereRef('v2.setup_id', '=', 'validation_runs.setup_id')
          .whereRef('v2.step', '=', 'validation_runs.step'),
      ),
    )
    .execute();
  for (const row of rows) {
    const run = toRun(row);
    if (!run) continue;
    const forSetup = result.get(run.setupId) ?? {};
    forSetup[run.step] = run;
    result.set(run.setupId, forSetup);
  }
  return result;
}

export async function listRuns(db: Db, setupId: string, limit = 100): Promise<StoredRun[]> {
  const rows = await db.selectFrom('validation_runs').selectAll().where('setup_id', '=', setupId).orderBy('started_at', 'desc').limit(limit).execute();
  return rows.map(toRun).filter((r): r is StoredRun => r !== undefined);
}
