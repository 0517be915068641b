import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from './connection';
import { recordEvent, type SetupEvent } from './events';
import type { RotationsTable } from './schema';
import { emptyRotationState, type Rotation, type RotationKey, type RotationState } from '@/lib/rotation/schema';

function toRotation(r: RotationsTable): Rotation {
  return {
    id: r.id,
    setupId: r.setup_id,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    endedAt: r.ended_at,
    cancelled: r.cancelled === 1,
    state: JSON.parse(r.state) as RotationState,
  };
}

/** The setup's latest rotation, finished or not (the page shows a finished one until a new one starts). */
export async function latestRotation(db: Db, setupId: string): Promise<(Rotation & { version: number }) | null> {
  const row = await db.selectFrom('rotations').selectAll().where('setup_id', '=', setupId).orderBy('started_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
  return row ? { ...toRotation(row), version: row.version } : null;
}

/** Starts a rotation, or returns the one still running: one at a time per setup. */
export async function startRotation(db: Db, setupId: string, oldKeys: RotationKey[], now: Date): Promise<Rotation> {
  return db.transaction().execute(async (trx) => {
    const running = await trx.selectFrom('rotations').selectAll().where('setup_id', '=', setupId).where('ended_at', 'is', null).executeTakeFirst();
    if (running) return toRotation(running);
    const at = now.toISOString();
    const row: RotationsTable = { id: randomUUID(), setup_id: setupId, started_at: at, updated_at: at, ended_at: null, cancelled: 0, version: 0, state: JSON.stringify(emptyRotationState(oldKeys)) };
    await trx.insertInto('rotations').values(row).execute();
    await recordEvent(trx, setupId, 'rotation', { what: 'started' }, at);
    return toRotation(row);
  });
}

export type RotationChange = { state: RotationState; end?: 'done' | 'cancelled'; events: SetupEvent['detail'][] };

/**
 * Applies a change to the running rotation. Two admins saving at once: the second one re-reads and re-applies
 * (the version column), so neither overwrites the other's tick.
 */
export async function changeRotation(db: Db, setupId: string, now: Date, change: (r: Rotation) => Promise<RotationChange> | RotationChange): Promise<Rotation | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await latestRotation(db, setupId);
    if (!current || current.endedAt) return null;
    const next = await change(current);
    const at = now.toISOString();
    const saved = await db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('rotations')
        .set({
          state: JSON.stringify(next.state),
          updated_at: at,
          version: current.version + 1,
          ...(next.end && { ended_at: at, cancelled: next.end === 'cancelled' ? 1 : 0 }),
        })
        .where('id', '=', current.id)
        .where('version', '=', current.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      for (const detail of next.events) await recordEvent(trx, setupId, 'rotation', detail, at);
      return true;
    });
    if (saved) return { ...current, state: next.state, updatedAt: at, ...(next.end && { endedAt: at, cancelled: next.end === 'cancelled' }) };
  }
  throw new Error('the rotation kept changing under this request');
}
