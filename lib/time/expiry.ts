/** Whole days from today (UTC) to a YYYY-MM-DD date; negative once it has passed. */
export function daysUntil(date: string, now: Date = new Date()): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const target = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((target - today) / 86_400_000);
}

export const EXPIRY_WARNING_DAYS = 30;

export type ExpiryState = { state: 'unknown' } | { state: 'expired' | 'expiring' | 'ok'; days: number };

export function expiryState(date: string | null, now: Date = new Date()): ExpiryState {
  const days = date ? daysUntil(date, now) : undefined;
  if (days === undefined) return { state: 'unknown' };
  if (days < 0) return { state: 'expired', days };
  if (days < EXPIRY_WARNING_DAYS) return { state: 'expiring', days };
  return { state: 'ok', days };
}

export function describeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** A stored ISO time as the pages show it: "Thu, 26 Nov 2026 14:02:31 UTC" (the same on server and browser). */
export function formatUtc(iso: string): string {
  return new Date(iso).toUTCString().replace(' GMT', ' UTC');
}
