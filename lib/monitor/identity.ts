import 'server-only';
import { z } from 'zod';
import type { Db } from '@/lib/db/connection';
import type { MonitorIdentitiesTable } from '@/lib/db/schema';
import type { CloudId } from '@/lib/entra/clouds';
import { cloudIdSchema } from '@/lib/setups/schema';
import { open, seal } from '@/lib/security/seal';
import { createMonitorKeys } from './certificate';

export const MONITOR_APP_NAME = 'Nexthink setup monitor (read-only)';
export const monitorScheduleSchema = z.enum(['daily', 'hourly', 'off']);
export type MonitorSchedule = z.infer<typeof monitorScheduleSchema>;

/** What may be shown about a monitoring identity: the public certificate and its thumbprints, never the key. */
export type MonitorIdentity = {
  tenantId: string;
  cloud: CloudId;
  clientId: string;
  certificatePem: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  notAfter: string;
  roles: string[];
  validatedAt: string | null;
  schedule: MonitorSchedule;
  createdAt: string;
};

const keyContext = (tenantId: string) => `monitor:${tenantId}:key`;

function toIdentity(row: MonitorIdentitiesTable): MonitorIdentity {
  let roles: string[] = [];
  try {
    roles = z.array(z.string()).parse(JSON.parse(row.roles));
  } catch {
    /* unreadable: none */
  }
  return {
    tenantId: row.tenant_id,
    cloud: cloudIdSchema.catch('global').parse(row.cloud),
    clientId: row.client_id,
    certificatePem: row.certificate_pem,
    thumbprintSha1: row.thumbprint_sha1,
    thumbprintSha256: row.thumbprint_sha256,
    notAfter: row.not_after,
    roles,
    validatedAt: row.validated_at,
    schedule: monitorScheduleSchema.catch('daily').parse(row.schedule),
    createdAt: row.created_at,
  };
}

export async function getMonitorIdentity(db: Db, tenantId: string): Promise<MonitorIdentity | undefined> {
  const row = await db.selectFrom('monitor_identities').selectAll().where('tenant_id', '=', tenantId.toLowerCase()).executeTakeFirst();
  return row ? toIdentity(row) : undefined;
}

export async function listMonitorIdentities(db: Db): Promise<MonitorIdentity[]> {
  const rows = await db.selectFrom('monitor_identities').selectAll().orderBy('tenant_id').execute();
  return rows.map(toIdentity);
}

/**
 * Makes the tenant's key pair and certificate; the private key is sealed before it reaches the database.
 * An existing identity is kept (one per tenant, serving every setup of it).
 */
export async function createMonitorIdentity(db: Db, tenantId: string, cloud: CloudId, now = new Date()): Promise<MonitorIdentity> {
  const tid = tenantId.toLowerCase();
  const existing = await getMonitorIdentity(db, tid);
  if (existing) return existing;
  const keys = await createMonitorKeys(`${MONITOR_APP_NAME} ${tid}`, now);
  const row: MonitorIdentitiesTable = {
    tenant_id: tid,
    cloud,
    client_id: '',
    certificate_pem: keys.certificatePem,
    thumbprint_sha1: keys.thumbprintSha1,
    thumbprint_sha256: keys.thumbprintSha256,
    not_after: keys.notAfter,
    private_key: seal(keys.privateKeyPem, keyContext(tid)),
    roles: '[]',
    validated_at: null,
    schedule: 'daily',
    created_at: now.toISOString(),
  };
  await db.insertInto('monitor_identities').values(row).onConflict((oc) => oc.column('tenant_id').doNothing()).execute();
  return (await getMonitorIdentity(db, tid)) ?? toIdentity(row);
}

export async function updateMonitorIdentity(
  db: Db,
  tenantId: string,
  patch: { clientId?: string; roles?: string[]; validatedAt?: string | null; schedule?: MonitorSchedule },
): Promise<void> {
  const values: Partial<MonitorIdentitiesTable> = {
    ...(patch.clientId !== undefined && { client_id: patch.clientId.toLowerCase() }),
    ...(patch.roles !== undefined && { roles: JSON.stringify(patch.roles) }),
    ...(patch.validatedAt !== undefined && { validated_at: patch.validatedAt }),
    ...(patch.schedule !== undefined && { schedule: patch.schedule }),
  };
  if (patch.clientId !== undefined) Object.assign(values, { roles: '[]', validated_at: null });
  if (Object.keys(values).length === 0) return;
  await db.updateTable('monitor_identities').set(values).where('tenant_id', '=', tenantId.toLowerCase()).execute();
}

/** Removes the identity and with it the only copy of its private key. */
export async function deleteMonitorIdentity(db: Db, tenantId: string): Promise<boolean> {
  const r = await db.deleteFrom('monitor_identities').where('tenant_id', '=', tenantId.toLowerCase()).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The private key, opened for one token request; callers keep it in memory only for that request. */
export async function openMonitorKey(db: Db, tenantId: string): Promise<string | undefined> {
  const row = await db.selectFrom('monitor_identities').select('private_key').where('tenant_id', '=', tenantId.toLowerCase()).executeTakeFirst();
  return row ? open(row.private_key, keyContext(tenantId.toLowerCase())) : undefined;
}
