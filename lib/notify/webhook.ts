import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import type { DeliveryResult, NotifyMessage } from './message';
import { postWebhook, type PostOptions } from './outbound';

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the secret's bytes (the part after `whsec_`, base64-decoded). */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function webhookPayload(m: NotifyMessage) {
  return {
    type: m.event.kind,
    timestamp: m.sentAt,
    data: {
      notificationId: m.id,
      setup: { id: m.setup.id, name: m.setup.name, tenant: m.setup.tenant, tenantId: m.setup.tenantId },
      severity: m.event.severity,
      title: m.event.title,
      cause: m.event.cause,
      fix: m.event.fix,
      step: m.event.step ?? null,
      check: m.event.check ?? null,
      /** The same for every notice about the same thing (a secret's 30-day notice, one run's failure). */
      key: m.event.key ?? null,
      link: m.link,
      lateSeconds: m.lateMs === null ? null : Math.round(m.lateMs / 1000),
    },
  };
}

/** Signed per the Standard Webhooks specification; `webhook-id` is the notice's id, the same on every retry, so receivers can drop repeats. */
export function sendWebhook(url: string, secret: string, m: NotifyMessage, options: PostOptions = {}): Promise<DeliveryResult> {
  const body = JSON.stringify(webhookPayload(m));
  const timestamp = Math.floor(Date.parse(m.sentAt) / 1000);
  return postWebhook(url, body, { 'webhook-id': m.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, m.id, timestamp, body) }, options);
}
