import 'server-only';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { isGuid, cleanPasted } from '@/lib/entra/identifiers';
import { defaultMapping, type Mapping } from '@/lib/nexthink/mapping';
import { mappingSchema } from '@/lib/nexthink/mapping-schema';
import { normalizeWorkflows } from '@/lib/nexthink/workflows';
import { cloudIdSchema, type Setup, type SetupPatch } from '@/lib/setups/schema';
import { storeKind, type Db } from './connection';
import { recordEvent } from './events';
import type { SetupsTable } from './schema';

export function newSetupId(): string {
  return randomBytes(16).toString('base64url');
}

function toSetup(row: SetupsTable): Setup {
  const mapping = mappingSchema.safeParse(JSON.parse(row.mapping));
  const cloud = cloudIdSchema.safeParse(row.cloud);
  return {
    id: row.id,
    name: row.name,
    tenant: row.tenant,
    tenantId: row.tenant_id,
    cloud: cloud.success ? cloud.data : 'global',
    clientId: row.client_id,
    secretExpiresOn: row.secret_expires_on,
    sampleUpn: row.sample_upn,
    mapping: mapping.success ? (mapping.data as Mapping) : { ...defaultMapping },
    workflows: normalizeWorkflows(parseStringArray(row.workflows)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseStringArray(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** When the tenant input is a GUID it is the tenant id; a domain waits for discovery to resolve it. */
function tenantIdFor(tenant: string): string | null {
  const cleaned = cleanPasted(tenant).replace(/^\{|\}$/g, '');
  return isGuid(cleaned) ? cleaned.toLowerCase() : null;
}

/** `ownerTid`: with sign-in, the creator's home tenant, whose signed-in users then see the setup. */
export async function createSetup(db: Db, patch: SetupPatch = {}, ownerTid: string | null = null): Promise<Setup> {
  const now = new Date().toISOString();
  const row: SetupsTable = {
    id: newSetupId(),
    name: patch.name ?? '',
    tenant: patch.tenant ?? '',
    tenant_id: tenantIdFor(patch.tenant ?? ''),
    cloud: patch.cloud ?? 'global',
    client_id: patch.clientId ?? '',
    secret_expires_on: patch.secretExpiresOn ?? null,
    sample_upn: patch.sampleUpn ?? '',
    mapping: JSON.stringify({ ...defaultMapping, ...patch.mapping }),
    workflows: JSON.stringify(patch.workflows ?? normalizeWorkflows([])),
    created_at: now,
    updated_at: now,
    owner_tid: ownerTid,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('setups').values(row).execute();
    await recordEvent(trx, row.id, 'created', Object.keys(patch).length ? { fields: Object.keys(patch) } : {}, now);
  });
  return toSetup(row);
}

export async function getSetup(db: Db, id: string): Promise<Setup | undefined> {
  const row = await db.selectFrom('setups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSetup(row) : undefined;
}

export async function listSetups(db: Db, ids: readonly string[]): Promise<Setup[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('setups').selectAll().where('id', 'in', [...ids]).orderBy('updated_at', 'desc').execute();
  return rows.map(toSetup);
}

/** With sign-in: the setups of one organisation (the home tenant of whoever created them). */
export async function listSetupsOfTenant(db: Db, tid: string, limit = 1000): Promise<Setup[]> {
  const rows = await db.selectFrom('setups').selectAll().where('owner_tid', '=', tid).orderBy('updated_at', 'desc').limit(limit).execute();
  return rows.map(toSetup);
}

/** A setup and the organisation that owns it (null: created without sign-in), in one read; undefined if none. */
export async function getSetupAndOwner(db: Db, id: string): Promise<{ setup: Setup; owner: string | null } | undefined> {
  const row = await db.selectFrom('setups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { setup: toSetup(row), owner: row.owner_tid } : undefined;
}

/** Every setup on this server (the operator's view behind ADMIN_TOKEN), most recently changed first. */
export async function listAllSetups(db: Db, limit = 1000): Promise<Setup[]> {
  const rows = await db.selectFrom('setups').selectAll().orderBy('updated_at', 'desc').limit(limit).execute();
  return rows.map(toSetup);
}

/**
 * Applies only the fields present in the patch, so two tabs editing different fields never overwrite
 * each other (last write wins per field). Returns undefined when the setup does not exist.
 */
const columnToField: Partial<Record<keyof SetupsTable, string>> = {
  name: 'name',
  tenant: 'tenant',
  client_id: 'clientId',
  cloud: 'cloud',
  secret_expires_on: 'secretExpiresOn',
  sample_upn: 'sampleUpn',
  mapping: 'mapping',
  workflows: 'workflows',
};

/** API names of the fields whose stored value really changed (for the event log: names only). */
function changedFields(current: SetupsTable, changes: Partial<SetupsTable>): string[] {
  return (Object.keys(changes) as (keyof SetupsTable)[]).filter((k) => columnToField[k] && changes[k] !== current[k]).map((k) => columnToField[k]!);
}

export async function updateSetup(db: Db, id: string, patch: SetupPatch): Promise<Setup | undefined> {
  return db.transaction().execute(async (trx) => {
    // On PostgreSQL two requests may run this at once: lock the row so the mapping merge and the event
    // log see the other's write (SQLite runs one write transaction at a time, and has no FOR UPDATE).
    const current = await trx
      .selectFrom('setups')
      .selectAll()
      .where('id', '=', id)
      .$if(storeKind(trx) === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (!current) return undefined;
    const changes: Partial<SetupsTable> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.tenant !== undefined && patch.tenant !== current.tenant) {
      changes.tenant = patch.tenant;
      changes.tenant_id = tenantIdFor(patch.tenant);
    }
    if (patch.clientId !== undefined) changes.client_id = patch.clientId;
    if (patch.cloud !== undefined && patch.cloud !== current.cloud) {
      changes.cloud = patch.cloud;
      if (!tenantIdFor(current.tenant)) changes.tenant_id = null;
    }
    if (patch.secretExpiresOn !== undefined) changes.secret_expires_on = patch.secretExpiresOn;
    if (patch.sampleUpn !== undefined) changes.sample_upn = patch.sampleUpn;
    if (patch.mapping !== undefined) {
      const merged = { ...(JSON.parse(current.mapping) as Mapping), ...patch.mapping };
      changes.mapping = JSON.stringify(merged);
    }
    if (patch.workflows !== undefined) changes.workflows = JSON.stringify(patch.workflows);
    const updated = { ...current, ...changes, updated_at: new Date().toISOString() };
    await trx.updateTable('setups').set({ ...changes, updated_at: updated.updated_at }).where('id', '=', id).execute();
    const fields = changedFields(current, changes);
    if (fields.length) await recordEvent(trx, id, 'updated', { fields }, updated.updated_at);
    return toSetup(updated);
  });
}

/** A LIKE pattern for keys that end in `:{id}` (setup ids may hold `_`, LIKE's one-character wildcard). */
function keyEndingIn(id: string): string {
  return `%:${id.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
}

/**
 * Deletes a setup and everything of it in one transaction: its own tables go by ON DELETE CASCADE (runs,
 * analyses, share links, events, and every table added since with a setup_id), its rate-limit counters and
 * leases by their keys. Its share links leave only their token hash and expiry, so they answer as expired.
 * False when there was no such setup.
 */
export async function deleteSetup(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const shares = await trx.selectFrom('shares').select(['token_hash', 'expires_at']).where('setup_id', '=', id).execute();
    const deleted = await trx.deleteFrom('setups').where('id', '=', id).returning('id').executeTakeFirst();
    if (!deleted) return false;
    if (shares.length) await trx.insertInto('retired_shares').values(shares).onConflict((oc) => oc.column('token_hash').doNothing()).execute();
    const byKey = sql<boolean>`key like ${keyEndingIn(id)} escape '\\'`;
    await trx.deleteFrom('rate_limits').where(byKey).execute();
    await trx.deleteFrom('leases').where(byKey).execute();
    return true;
  });
}
