import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/connection';
import { getSetup } from '@/lib/db/setups';
import { env } from '@/lib/env';
import { claimDue, complete, enqueue, fail, renewClaim } from '@/lib/jobs/outbox';
import { log } from '@/lib/log';
import { SealError } from '@/lib/security/seal';
import type { Setup } from '@/lib/setups/schema';
import { openChannel, type OpenedChannel } from './channels';
import { sendEmail, type EmailOptions } from './email';
import type { NotifyEvent } from './event';
import type { DeliveryResult, NotifyMessage } from './message';
import type { PostOptions } from './outbound';
import { sendSlack } from './slack';
import { sendTeams } from './teams';
import { sendWebhook } from './webhook';

/** Test seams: a receiver's CA, a mail server. Production passes nothing. */
export type SendOptions = { post?: PostOptions; email?: EmailOptions };

/** The setup's page a message links to: its status page, or the guided rotation for an expiring secret. */
export function statusLink(setupId: string, page: NotifyEvent['page'] = 'status'): string {
  const base = env().PUBLIC_URL ?? `http://localhost:${env().PORT}`;
  return `${base}/setups/${setupId}/${page}`;
}

export function buildMessage(id: string, setup: Setup, event: NotifyEvent, now: Date, lateMs: number | null): NotifyMessage {
  return {
    id,
    event,
    setup: { id: setup.id, name: setup.name, tenant: setup.tenant, tenantId: setup.tenantId },
    link: statusLink(setup.id, event.page),
    sentAt: now.toISOString(),
    lateMs,
  };
}

export function sendToChannel(channel: OpenedChannel, m: NotifyMessage, options: SendOptions = {}): Promise<DeliveryResult> {
  switch (channel.type) {
    case 'email':
      return sendEmail(channel.recipients, m, options.email);
    case 'teams':
      return sendTeams(channel.url, m, options.post);
    case 'slack':
      return sendSlack(channel.url, m, options.post);
    case 'webhook':
      return sendWebhook(channel.url, channel.secret, m, options.post);
  }
}

async function attempt(db: Db, channelId: string, setupId: string, build: (setup: Setup) => NotifyMessage, options: SendOptions): Promise<DeliveryResult> {
  const setup = await getSetup(db, setupId);
  if (!setup) return { ok: false, answer: 'The setup was deleted.', retry: false };
  let channel: OpenedChannel | undefined;
  try {
    channel = await openChannel(db, channelId);
  } catch (err) {
    if (err instanceof SealError) return { ok: false, answer: err.message, retry: false };
    throw err;
  }
  if (!channel) return { ok: false, answer: 'The channel was removed.', retry: false };
  return sendToChannel(channel, build(setup), options);
}

export type DeliveryCounts = { delivered: number; failed: number; retrying: number };

/** Sends every due notice this instance can claim, until none is left. Safe to run on every instance at once. */
export async function deliverDue(db: Db, options: { holder?: string; now?: () => Date; send?: SendOptions } = {}): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { delivered: 0, failed: 0, retrying: 0 };
  if (env().NOTIFICATIONS === 'off') return counts;
  const holder = options.holder ?? `deliver-${randomUUID()}`;
  const clock = options.now ?? (() => new Date());
  for (;;) {
    const leaseMs = env().NOTIFY_LEASE_SECONDS * 1000;
    const claimed = await claimDue(db, holder, { now: clock(), leaseMs, limit: 5 });
    if (claimed.length === 0) return counts;
    for (const n of claimed) {
      if (!(await renewClaim(db, n.id, holder, leaseMs, clock()))) continue;
      let result: DeliveryResult;
      try {
        result = await attempt(db, n.channelId, n.setupId, (setup) => buildMessage(n.id, setup, n.event, clock(), n.lateMs), options.send ?? {});
      } catch (err) {
        result = { ok: false, answer: err instanceof Error ? err.message : String(err), retry: true };
      }
      if (result.ok) {
        if (await complete(db, n.id, holder, result.answer, clock())) counts.delivered++;
      } else {
        const state = await fail(db, n.id, holder, { answer: result.answer, permanent: !result.retry, attempt: n.attempt }, clock());
        if (state === 'failed') counts.failed++;
        else counts.retrying++;
        log.warn('notify.delivery_failed', { notification: n.id, setup: n.setupId, channel: n.channelId, attempt: n.attempt, final: state === 'failed', answer: result.answer });
      }
    }
  }
}

/** Sends a test notice to one channel now and says what the receiver answered; it is kept in the history. */
export async function sendTestNotification(db: Db, setupId: string, channelId: string, options: { now?: Date; send?: SendOptions } = {}): Promise<DeliveryResult> {
  if (env().NOTIFICATIONS === 'off') return { ok: false, answer: 'Notifications are off on this server (NOTIFICATIONS=off).', retry: false };
  const now = options.now ?? new Date();
  const key = `test:${randomUUID()}`;
  const event: NotifyEvent = {
    kind: 'test',
    severity: 'info',
    title: 'Test notification',
    cause: 'Someone pressed \u201cSend test notification\u201d on the setup\u2019s status page. Notices about this setup will arrive here.',
    fix: 'Nothing to do.',
    key,
  };
  await enqueue(db, [{ setupId, channelId, key, event, dueAt: now }], now);
  const holder = `test-${randomUUID()}`;
  const row = await db
    .updateTable('notifications')
    .set((eb) => ({ state: 'sending', lease_holder: holder, lease_until: new Date(now.getTime() + 120_000).toISOString(), attempts: eb('attempts', '+', 1) }))
    .where('channel_id', '=', channelId)
    .where('dedup_key', '=', key)
    .returning('id')
    .executeTakeFirstOrThrow();
  let result: DeliveryResult;
  try {
    result = await attempt(db, channelId, setupId, (setup) => buildMessage(row.id, setup, event, now, null), options.send ?? {});
  } catch (err) {
    result = { ok: false, answer: err instanceof Error ? err.message : String(err), retry: false };
  }
  if (result.ok) await complete(db, row.id, holder, result.answer, new Date());
  else await fail(db, row.id, holder, { answer: result.answer, permanent: true, attempt: 1 }, new Date());
  return result;
}
