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
  /** The one-minute window: minutes since 1970 */
  window_start: number;
  count: number;
}

export interface LeasesTable {
  key: string;
  /** Random per holder: only the holder renews or releases it. */
  holder: string;
  /** ISO-8601; an expired lease may be taken by anyone (its holder died). */
  expires_at: string;
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

export interface Database {
  setups: SetupsTable;
  validation_runs: ValidationRunsTable;
  shares: SharesTable;
  events: EventsTable;
  rate_limits: RateLimitsTable;
  leases: LeasesTable;
  retired_shares: RetiredSharesTable;
  sessions: SessionsTable;
  signin_nonces: SigninNoncesTable;
}
