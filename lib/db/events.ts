import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { currentActor } from '@/lib/auth/session';
import type { Database } from './schema';

export type EventType = 'created' | 'updated' | 'validated' | 'shared' | 'share-revoked' | 'nexthink-run' | 'rotation' | 'approval';

/** With sign-in, who did it: the name and UPN from their ID token. */
export type EventActor = { name: string; upn: string };

/** What happened to a setup. `detail` names fields, steps and links — never a value someone typed. */
export type SetupEvent = {
  id: string;
  setupId: string;
  at: string;
  type: EventType;
  detail: {
    fields?: string[];
    step?: string;
    status?: string;
    shareId?: string;
    expiresAt?: string;
    /** rotation: what happened (started, new-secret, proved, …); approval: created, revoked, granted */
    what?: string;
    /** rotation: the secret's first characters, as Entra shows them */
    hint?: string;
    approvalId?: string;
    scheduled?: boolean;
    by?: EventActor;
  };
};

export async function recordEvent(db: Kysely<Database> | Transaction<Database>, setupId: string, type: EventType, detail: SetupEvent['detail'] = {}, at = new Date().toISOString()) {
  const by = detail.by ?? (await currentActor());
  await db.insertInto('events').values({ id: randomUUID(), setup_id: setupId, at, type, detail: JSON.stringify(by ? { ...detail, by } : detail) }).execute();
}

export async function listEvents(db: Kysely<Database>, setupId: string, limit = 200): Promise<SetupEvent[]> {
  const rows = await db.selectFrom('events').selectAll().where('setup_id', '=', setupId).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => {
    let detail: SetupEvent['detail'] = {};
    try {
      detail = JSON.parse(r.detail) as SetupEvent['detail'];
    } catch {
      /* keep empty */
    }
    return { id: r.id, setupId: r.setup_id, at: r.at, type: r.type as EventType, detail };
  });
}
