/** Tables as the typed query layer sees them. Timestamps are ISO-8601 text; JSON columns are text. */
export interface SetupsTable {
  id: string;
  name: string;
  tenant: string;
  tenant_id: string | null;
  cloud: string;
  client_id: string;
  secret_expires_on: string | null;
  sample_upn: string;
  mapping: string;
  /** JSON array of workflow ids (lib/nexthink/workflows.ts) */
  workflows: string;
  created_at: string;
  updated_at: string;
  /** WIZARD_AUTH=entra: the creator's home tenant; null for setups made without sign-in. */
  owner_tid: string | null;
  /** The first three characters of the client secret validated in step 2 (Entra's `hint`); never more. */
  secret_hint?: string | null;
}

export interface ValidationRunsTable {
  id: string;
  setup_id: string;
  step: string;
  started_at: string;
  duration_ms: number;
  status: string;
  checks: string;
}

export interface SharesTable {
  id: string;
  setup_id: string;
  /** SHA-256 of the link's token (hex); the token itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_opened_at: string | null;
}

export interface EventsTable {
  id: string;
  setup_id: string;
  at: string;
  type: string;
  /** JSON: names of changed fields, never their values */
  detail: string;
}

export interface RateLimitsTable {
  key: string;
  /** GCRA's theoretical arrival time: microseconds since 1970 */
  tat: number;
  /** The burst the key allows: max × the emission interval, in microseconds */
  burst: number;
  /** 1 when the last hit was allowed, 0 when it was refused */
  ok: number;
}

export interface LeasesTable {
  key: string;
  /** Random per holder: only the holder renews or releases it. */
  holder: string;
  /** ISO-8601; an expired lease may be taken by anyone (its holder died). */
  expires_at: string;
}

/** The read-only monitoring identity of one tenant (lib/monitor/identity-store.ts). */
export interface MonitorIdentitiesTable {
  tenant_id: string;
  cloud: string;
  client_id: string;
  certificate_pem: string;
  /** Hex, upper case: what the Entra admin center shows */
  thumbprint_sha1: string;
  thumbprint_sha256: string;
  not_after: string;
  /** PKCS#8 PEM sealed with lib/security/seal.ts, context `monitor:<tenantId>:key` */
  private_key: string;
  /** JSON array: the roles of the last validated token */
  roles: string;
  validated_at: string | null;
  /** 'daily' | 'hourly' | 'off' */
  schedule: string;
  created_at: string;
}

export interface MonitorRunsTable {
  id: string;
  setup_id: string;
  started_at: string;
  duration_ms: number;
  status: string;
  /** SHA-256 of the observation's facts: equal digests, nothing changed */
  digest: string;
  /** JSON: lib/monitor/observe.ts Observation (no secret value, only hints and key ids) */
  observation: string;
  /** JSON: Finding[] */
  findings: string;
}

export interface MonitorChangesTable {
  id: string;
  setup_id: string;
  run_id: string;
  at: string;
  fact: string;
  severity: string;
  title: string;
  fix: string;
  /** The fact's previous value, and since when it held */
  was: string | null;
  was_since: string | null;
}

export interface NotificationChannelsTable {
  id: string;
  setup_id: string;
  /** 'email' | 'teams' | 'slack' | 'webhook' */
  type: string;
  /** What the page shows: the recipients, or only the host of a URL. */
  label: string;
  /** Email only: comma-separated addresses (configuration, not a secret). */
  recipients: string | null;
  /** Teams, Slack, webhook: the URL sealed with lib/security/seal.ts (context `channel:<id>:url`). */
  url_sealed: string | null;
  /** Webhook: the Standard Webhooks signing secret, sealed (context `channel:<id>:secret`). */
  secret_sealed: string | null;
  created_at: string;
}

export interface NotifySettingsTable {
  setup_id: string;
  /** JSON array of whole days before the secret's expiry (0 = the day it expires). */
  thresholds: string;
  /** The expiry date the current series of notices is for, and when it was first seen. */
  expiry_series: string | null;
  expiry_series_since: string | null;
}

export interface NotificationsTable {
  id: string;
  setup_id: string;
  channel_id: string;
  dedup_key: string;
  kind: string;
  severity: string;
  title: string;
  /** JSON: the NotifyEvent (lib/notify/event.ts) */
  event: string;
  due_at: string;
  /** 'pending' | 'sending' | 'delivered' | 'failed' */
  state: string;
  attempts: number;
  next_attempt_at: string;
  lease_holder: string | null;
  lease_until: string | null;
  /** How late the first attempt was after due_at (ms), when it was late. */
  late_ms: number | null;
  /** The receiver's answer to the last attempt (status line, SMTP reply), short. */
  answer: string | null;
  finished_at: string | null;
  created_at: string;
}

export interface JobTicksTable {
  name: string;
  tick: string;
  holder: string;
}

/** The share links of deleted setups, until they would have expired: they answer "expired", not "not found". */
export interface RetiredSharesTable {
  token_hash: string;
  expires_at: string;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session cookie's value. */
  id_hash: string;
  tid: string;
  oid: string;
  upn: string;
  name: string;
  /** JSON array: the app roles of the ID token (Setup.Manage, Setup.Read). */
  roles: string;
  created_at: string;
  expires_at: string;
}

export interface SigninNoncesTable {
  nonce_hash: string;
  expires_at: string;
}

export interface RotationsTable {
  id: string;
  setup_id: string;
  started_at: string;
  updated_at: string;
  ended_at: string | null;
  /** 0 or 1 */
  cancelled: number;
  /** Bumped by every change: two admins saving at once retry instead of overwriting each other. */
  version: number;
  /** JSON RotationState (lib/rotation/schema.ts): keyIds, hints, results — never a secret */
  state: string;
}

export interface ApprovalsTable {
  id: string;
  setup_id: string;
  /** SHA-256 of the link's token (hex); the token itself is never stored. */
  token_hash: string;
  /** The requester's name as they typed it, shown to the approver. */
  requested_by: string;
  /** JSON: what the requester's sign-in saw of the app (configured permissions, audience), or {} */
  observed: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_opened_at: string | null;
  granted_at: string | null;
}

export interface Database {
  setups: SetupsTable;
  validation_runs: ValidationRunsTable;
  shares: SharesTable;
  events: EventsTable;
  rate_limits: RateLimitsTable;
  leases: LeasesTable;
  monitor_identities: MonitorIdentitiesTable;
  monitor_runs: MonitorRunsTable;
  monitor_changes: MonitorChangesTable;
  notification_channels: NotificationChannelsTable;
  notify_settings: NotifySettingsTable;
  notifications: NotificationsTable;
  job_ticks: JobTicksTable;
  retired_shares: RetiredSharesTable;
  sessions: SessionsTable;
  signin_nonces: SigninNoncesTable;
  rotations: RotationsTable;
  approvals: ApprovalsTable;
}
