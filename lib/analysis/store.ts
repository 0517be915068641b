import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/connection';
import { storedAnalysisSchema, type StoredAnalysis } from './events';

/** The user_analyses table (migration 0005). Kept beside its only user rather than in the shared schema. */
interface UserAnalysesTable {
  id: string;
  setup_id: string;
  started_at: string;
  duration_ms: number;
  status: string;
  total: number;
  /** JSON: select, usernameProperty, pages, totals, examples (≤ 50 UPNs per category). */
  result: string;
}

/** Analyses kept per setup: the latest proves the setup; older ones only hold example UPNs for nothing. */
export const KEPT_PER_SETUP = 3;

const table = (db: Db) => db.withTables<{ user_analyses: UserAnalysesTable }>();

export async function saveAnalysis(db: Db, analysis: Omit<StoredAnalysis, 'id'>): Promise<StoredAnalysis> {
  const id = randomUUID();
  const { select, usernameProperty, pages, totals, examples } = analysis;
  await table(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('user_analyses')
        .values({
          id,
          setup_id: analysis.setupId,
          started_at: analysis.startedAt,
          duration_ms: analysis.durationMs,
          status: analysis.status,
          total: totals.total,
          result: JSON.stringify({ select, usernameProperty, pages, totals, examples }),
        })
        .execute();
      const keep = await trx
        .selectFrom('user_analyses')
        .select('id')
        .where('setup_id', '=', analysis.setupId)
        .orderBy('started_at', 'desc')
        .limit(KEPT_PER_SETUP)
        .execute();
      await trx
        .deleteFrom('user_analyses')
        .where('setup_id', '=', analysis.setupId)
        .where(
          'id',
          'not in',
          keep.map((k) => k.id),
        )
        .execute();
    });
  return { id, ...analysis };
}

export async function latestAnalysis(db: Db, setupId: string): Promise<StoredAnalysis | undefined> {
  const row = await table(db).selectFrom('user_analyses').selectAll().where('setup_id', '=', setupId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  let result: unknown;
  try {
    result = JSON.parse(row.result);
  } catch {
    return undefined;
  }
  const parsed = storedAnalysisSchema.safeParse({
    ...(result as object),
    id: row.id,
    setupId: row.setup_id,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    status: row.status,
  });
  return parsed.success ? parsed.data : undefined;
}
