import { type Kysely, type Migration, type MigrationProvider } from 'kysely';

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
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
