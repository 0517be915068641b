import 'server-only';
import type { Db } from '@/lib/db/connection';
import { env } from '@/lib/env';
import { enqueue, type OutboxEntry } from '@/lib/jobs/outbox';
import { describeDays, daysUntil } from '@/lib/time/expiry';
import type { NotifyEvent } from './event';
import { DEFAULT_THRESHOLDS, thresholdsSchema } from './settings';

const DAY_MS = 86_400_000;

/** When the notice `days` before the expiry date falls due: midnight UTC of that day. */
export function thresholdDue(expiresOn: string, days: number): Date {
  return new Date(Date.parse(`${expiresOn}T00:00:00Z`) - days * DAY_MS);
}

export function expiryEvent(expiresOn: string, threshold: number, now: Date): NotifyEvent {
  const left = daysUntil(expiresOn, now) ?? threshold;
  const when = left < 0 ? `expired ${describeDays(left)}` : left === 0 ? 'expires today' : `expires ${describeDays(left)}`;
  return {
    kind: threshold === 0 ? 'secret.expires_today' : 'secret.expiring',
    severity: left > 30 ? 'info' : left > 7 ? 'warning' : 'critical',
    title: `The client secret ${when} (${expiresOn})`,
    cause:
      `The client secret Nexthink uses to reach Entra ID ${left < 0 ? 'expired' : 'expires'} on ${expiresOn}. ` +
      'From then on Entra ID refuses Nexthink\u2019s token requests (AADSTS7000222) and the connector stops.',
    fix:
      'Rotate the secret with the wizard\u2019s guided rotation (the link below): it adds a new secret, proves it, lists every place in ' +
      'Nexthink that holds the old one, and tells when the old one is quiet and safe to delete. By hand: in the Entra admin center open ' +
      'App registrations > the app > Certificates & secrets, add a new client secret, enter it in Nexthink, update the expiry date in the wizard; then delete the old secret.',
    step: 'certificates-secrets',
    page: 'rotate',
    key: `expiry:${expiresOn}:${threshold}`,
  };
}

/**
 * Computes, from the database alone, which expiry notices are due and stores the ones not stored yet (each
 * threshold once per channel and expiry date; a new date starts a new series). A notice that fell due while
 * the server was down is stored with its own due time, so it goes out now marked late. Thresholds that had
 * passed before the series began (a secret already 20 days from expiry when the channel was added) are not
 * sent as late, except the latest of them.
 */
export async function scanExpiry(db: Db, now = new Date()): Promise<number> {
  if (env().NOTIFICATIONS === 'off') return 0;
  const setups = await db
    .selectFrom('setups')
    .leftJoin('notify_settings', 'notify_settings.setup_id', 'setups.id')
    .select(['setups.id', 'setups.secret_expires_on', 'notify_settings.thresholds', 'notify_settings.expiry_series', 'notify_settings.expiry_series_since'])
    .where('setups.secret_expires_on', 'is not', null)
    .where((eb) => eb.exists(eb.selectFrom('notification_channels').select('notification_channels.id').whereRef('notification_channels.setup_id', '=', 'setups.id')))
    .execute();
  let added = 0;
  for (const s of setups) {
    const expiresOn = s.secret_expires_on!;
    if (daysUntil(expiresOn, now) === undefined) continue;
    let since = s.expiry_series_since;
    if (s.expiry_series !== expiresOn || !since) {
      since = now.toISOString();
      await db
        .insertInto('notify_settings')
        .values({ setup_id: s.id, thresholds: s.thresholds ?? JSON.stringify(DEFAULT_THRESHOLDS), expiry_series: expiresOn, expiry_series_since: since })
        .onConflict((oc) => oc.column('setup_id').doUpdateSet({ expiry_series: expiresOn, expiry_series_since: since }))
        .execute();
    }
    const parsed = s.thresholds ? thresholdsSchema.safeParse(JSON.parse(s.thresholds)) : undefined;
    const thresholds = parsed?.success ? parsed.data : [...DEFAULT_THRESHOLDS];
    const passed = thresholds.filter((t) => thresholdDue(expiresOn, t) <= now);
    if (passed.length === 0) continue;
    const channels = await db.selectFrom('notification_channels').select(['id', 'created_at']).where('setup_id', '=', s.id).execute();
    const entries: OutboxEntry[] = [];
    for (const c of channels) {
      const start = Date.parse(since > c.created_at ? since : c.created_at);
      const before = passed.filter((t) => thresholdDue(expiresOn, t).getTime() < start);
      const latestBefore = before.length ? Math.min(...before) : undefined;
      for (const t of passed) {
        const due = thresholdDue(expiresOn, t);
        const inSeries = due.getTime() >= start;
        if (!inSeries && t !== latestBefore) continue;
        entries.push({ setupId: s.id, channelId: c.id, key: `expiry:${expiresOn}:${t}`, event: expiryEvent(expiresOn, t, now), dueAt: inSeries ? due : new Date(start) });
      }
    }
    added += await enqueue(db, entries, now);
  }
  return added;
}
