import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { adapterKind } from './errors';

function storeKindOf(db: Kysely<unknown>): 'postgres' | 'sqlite' {
  const adapter = db.getExecutor().adapter;
  return adapterKind(adapter) ?? (adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');
}

/**
 * Schema migrations, applied in name order at start. Append new ones; never edit one that has shipped.
 * Types are kept to what both SQLite and PostgreSQL accept.
 */
const migrations: Record<string, Migration> = {
  '0001_setups_and_runs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('setups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('tenant', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('tenant_id', 'text')
        .addColumn('cloud', 'text', (c) => c.notNull().defaultTo('global'))
        .addColumn('client_id', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('secret_expires_on', 'text')
        .addColumn('sample_upn', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('validation_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('checks', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('validation_runs_setup_started').on('validation_runs').columns(['setup_id', 'started_at']).execute();
    },
  },
  '0002_setup_workflows': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('setups').addColumn('workflows', 'text', (c) => c.notNull().defaultTo('["inbound-connector"]')).execute();
    },
  },
  '0003_shares_and_events': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('shares')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_opened_at', 'text')
        .execute();
      await db.schema.createIndex('shares_setup').on('shares').column('setup_id').execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('events_setup_at').on('events').columns(['setup_id', 'at']).execute();
    },
  },
  '0005_user_analyses': {
    async up(db: Kysely<unknown>) {
      // Tenant-wide user analyses (lib/analysis/store.ts): counts and a few example UPNs, never the user list.
      await db.schema
        .createTable('user_analyses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('user_analyses_setup_started').on('user_analyses').columns(['setup_id', 'started_at']).execute();
    },
  },
  '0006_rate_limits': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '0007_leases': {
    async up(db: Kysely<unknown>) {
      // Work that one instance at a time may do (a setup's tenant-wide analysis), held until expires_at (ISO).
      await db.schema
        .createTable('leases')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0008_runs_latest_per_step': {
    async up(db: Kysely<unknown>) {
      // "Each step's latest run" (every setup page, the status API) looks up max(started_at) per setup and
      // step: with this index it is one seek per step, however long a setup's history grows.
      await db.schema.createIndex('validation_runs_setup_step_started').on('validation_runs').columns(['setup_id', 'step', 'started_at']).execute();
    },
  },
  '0010_notify_channels': {
    async up(db: Kysely<unknown>) {
      // Where a setup's notices go. A Teams/Slack/webhook URL is a bearer credential: only sealed (lib/security/seal.ts).
      await db.schema
        .createTable('notification_channels')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('recipients', 'text')
        .addColumn('url_sealed', 'text')
        .addColumn('secret_sealed', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notification_channels_setup').on('notification_channels').column('setup_id').execute();
      await db.schema
        .createTable('notify_settings')
        .addColumn('setup_id', 'text', (c) => c.primaryKey().references('setups.id').onDelete('cascade'))
        .addColumn('thresholds', 'text', (c) => c.notNull())
        .addColumn('expiry_series', 'text')
        .addColumn('expiry_series_since', 'text')
        .execute();
      // The outbox and the history: one row per notice per channel; (channel_id, dedup_key) makes a notice unique.
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('channel_id', 'text', (c) => c.notNull().references('notification_channels.id').onDelete('cascade'))
        .addColumn('dedup_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_holder', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('late_ms', 'integer')
        .addColumn('answer', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('notifications_channel_key', ['channel_id', 'dedup_key'])
        .execute();
      await db.schema.createIndex('notifications_due').on('notifications').columns(['state', 'next_attempt_at']).execute();
      await db.schema.createIndex('notifications_setup_created').on('notifications').columns(['setup_id', 'created_at']).execute();
      // The embedded store's schedule: a (name, tick) row claims a tick, so a tick runs once even if two processes share the file.
      await db.schema
        .createTable('job_ticks')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tick', 'text', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('job_ticks_pk', ['name', 'tick'])
        .execute();
    },
  },
  '0015_rate_limits_gcra': {
    async up(db: Kysely<unknown>) {
      // Fixed one-minute counters become GCRA state (see lib/security/rate-limit.ts); the old counters are
      // at most a minute's worth of history, so they are dropped rather than converted.
      await db.schema.dropTable('rate_limits').execute();
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('tat', 'double precision', (c) => c.notNull())
        .addColumn('burst', 'double precision', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  '0011_retired_shares': {
    async up(db: Kysely<unknown>) {
      // A deleted setup's share links answer as expired rather than unknown: only the token's hash and the
      // link's own expiry stay, nothing of the setup (lib/db/setups.ts deleteSetup).
      await db.schema
        .createTable('retired_shares')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0011_sign_in': {
    async up(db: Kysely<unknown>) {
      // WIZARD_AUTH=entra: a setup belongs to the home tenant of the admin who created it (null: created
      // without sign-in; only the operator sees it once sign-in is on).
      await db.schema.alterTable('setups').addColumn('owner_tid', 'text').execute();
      await db.schema.createIndex('setups_owner_updated').on('setups').columns(['owner_tid', 'updated_at']).execute();
      // Sessions live in the store, so signing out or expiry ends one on every instance; keyed by the hash
      // of the cookie's value, never the value itself.
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('tid', 'text', (c) => c.notNull())
        .addColumn('oid', 'text', (c) => c.notNull())
        .addColumn('upn', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      // Nonces the server handed out for a sign-in; each is taken (deleted) by the one ID token that carries it.
      await db.schema
        .createTable('signin_nonces')
        .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0014_nexthink_workflow_runs': {
    async up(db: Kysely<unknown>) {
      // "Run it in Nexthink" results (lib/nexthink/workflow-runs-store.ts): what Nexthink recorded, never a secret.
      await db.schema
        .createTable('nexthink_workflow_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('cause', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('nexthink_workflow_runs_setup_started').on('nexthink_workflow_runs').columns(['setup_id', 'started_at']).execute();
    },
  },
  '0014_nexthink_workflow_runs_schedules': {
    async up(db: Kysely<unknown>) {
      // Opt-in scheduled re-runs of "Run it in Nexthink": the API credential is kept sealed (lib/security/seal.ts).
      await db.schema
        .createTable('nexthink_run_schedules')
        .addColumn('setup_id', 'text', (c) => c.primaryKey().references('setups.id').onDelete('cascade'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('sealed_input', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_run_at', 'text')
        .execute();
    },
  },
  '0012_monitoring': {
    async up(db: Kysely<unknown>) {
      // The read-only monitoring identity, one per tenant (lib/monitor): the private key is sealed (lib/security/seal.ts).
      await db.schema
        .createTable('monitor_identities')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('cloud', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('certificate_pem', 'text', (c) => c.notNull())
        .addColumn('thumbprint_sha1', 'text', (c) => c.notNull())
        .addColumn('thumbprint_sha256', 'text', (c) => c.notNull())
        .addColumn('not_after', 'text', (c) => c.notNull())
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('validated_at', 'text')
        .addColumn('schedule', 'text', (c) => c.notNull().defaultTo('daily'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Per tenant, not per setup: the identity (and its key) goes with the last setup of its tenant.
      if (storeKindOf(db) === 'postgres') {
        await sql`CREATE FUNCTION monitor_identity_orphan() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF OLD.tenant_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM setups WHERE tenant_id = OLD.tenant_id) THEN
              DELETE FROM monitor_identities WHERE tenant_id = OLD.tenant_id;
            END IF;
            RETURN NULL;
          END $$`.execute(db);
        await sql`CREATE TRIGGER setups_monitor_identity AFTER DELETE ON setups FOR EACH ROW EXECUTE FUNCTION monitor_identity_orphan()`.execute(db);
      } else {
        await sql`CREATE TRIGGER setups_monitor_identity AFTER DELETE ON setups
          WHEN OLD.tenant_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM setups WHERE tenant_id = OLD.tenant_id)
          BEGIN DELETE FROM monitor_identities WHERE tenant_id = OLD.tenant_id; END`.execute(db);
      }
      await db.schema
        .createTable('monitor_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('observation', 'text', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('monitor_runs_setup_started').on('monitor_runs').columns(['setup_id', 'started_at']).execute();
      await db.schema
        .createTable('monitor_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('run_id', 'text', (c) => c.notNull().references('monitor_runs.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('fact', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('fix', 'text', (c) => c.notNull())
        .addColumn('was', 'text')
        .addColumn('was_since', 'text')
        .execute();
      await db.schema.createIndex('monitor_changes_setup_at').on('monitor_changes').columns(['setup_id', 'at']).execute();
      // The first three characters of the secret validated in step 2 (Entra's own `hint`), never more.
      await db.schema.alterTable('setups').addColumn('secret_hint', 'text').execute();
    },
  },
  '0013_approvals': {
    async up(db: Kysely<unknown>) {
      // Consent approval links: like share links, only a hash of the token is kept.
      await db.schema
        .createTable('approvals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('observed', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_opened_at', 'text')
        .addColumn('granted_at', 'text')
        .execute();
      await db.schema.createIndex('approvals_setup').on('approvals').columns(['setup_id']).execute();
    },
  },
  '0013_rotations': {
    async up(db: Kysely<unknown>) {
      // A guided secret rotation's saved state (lib/rotation): keyIds, hints and check results, never a secret.
      await db.schema
        .createTable('rotations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('setup_id', 'text', (c) => c.notNull().references('setups.id').onDelete('cascade'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('state', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rotations_setup_started').on('rotations').columns(['setup_id', 'started_at']).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
