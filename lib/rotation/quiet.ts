import { formatAge } from '@/lib/format';
import type { ActivityReading, QuietVerdict, RotationKey } from './schema';

/** How long the old secret must have been silent before it may be deleted without a confirmation. */
export const QUIET_HOURS = 24;
/** A reading older than this no longer decides anything: read the report again. */
export const READING_MAX_AGE_MS = 15 * 60_000;

const HOUR = 3_600_000;

function ago(ms: number): string {
  return formatAge(Math.max(0, ms));
}

const named = (k: RotationKey) => `the old secret${k.displayName ? ` “${k.displayName}”` : ''}${k.hint ? ` (starts with ${k.hint})` : ''}`;

/**
 * Is the old secret quiet? From when each secret last signed in (Entra's credential activity report): safe once
 * every old secret has been silent for 24 hours and the new one has signed in; in use while an old one signed in
 * within 24 hours. The report lags and is preview-quality, and a timestamp alone does not prove a token was issued,
 * so "unknown" is said plainly whenever it is missing, and then only an explicit confirmation lets the admin go on.
 */
export function quietVerdict(reading: ActivityReading, oldKeys: readonly RotationKey[], newKey: RotationKey, now: number): QuietVerdict {
  const at = new Date(now).toISOString();
  if (reading.source === 'unavailable') {
    return {
      state: 'unknown',
      source: reading.source,
      at,
      message: `The wizard cannot tell whether the old secret is still used: ${reading.reason} Without Entra’s credential activity report (AuditLog.Read.All, Entra ID P1 or P2, Global cloud) nothing proves that Nexthink stopped using it. Delete it only if you are sure every place in the checklist has the new secret.`,
    };
  }
  const last = new Map(reading.credentials.map((c) => [c.keyId.toLowerCase(), c.lastSignInDateTime ? Date.parse(c.lastSignInDateTime) : null]));
  const base = { source: reading.source, at };
  for (const k of oldKeys) {
    const used = last.get(k.keyId.toLowerCase());
    if (used != null && now - used < QUIET_HOURS * HOUR) {
      const waitMs = QUIET_HOURS * HOUR - (now - used);
      return {
        ...base,
        state: 'in-use',
        message: `${named(k).replace(/^t/, 'T')} last signed in ${ago(now - used)} ago — wait: something still uses it (look for a place in the checklist that still has it). It may be deleted once it has been quiet for ${QUIET_HOURS} hours, in ${ago(waitMs)} at the earliest.`,
      };
    }
  }
  const newUsed = last.get(newKey.keyId.toLowerCase());
  const quietSince = oldKeys
    .map((k) => last.get(k.keyId.toLowerCase()))
    .reduce<number | null>((acc, t) => (t == null ? acc : acc === null ? t : Math.max(acc, t)), null);
  const quietText = quietSince === null ? 'the old one has not signed in at all in the report' : `the old one quiet for ${ago(now - quietSince)}`;
  if (newUsed == null) {
    return {
      ...base,
      state: 'new-unused',
      message: `The new secret has not signed in yet (${quietText}): Nexthink may not be using it yet. Run a workflow or wait for the connector’s next import, then read the report again.`,
    };
  }
  return {
    ...base,
    state: 'safe',
    message: `New secret last signed in ${ago(now - newUsed)} ago, ${quietText} — safe to delete.`,
  };
}
