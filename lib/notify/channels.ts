import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import type { Db } from '@/lib/db/connection';
import type { NotificationChannelsTable } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { open, seal } from '@/lib/security/seal';
import { checkWebhookUrl, RefusedUrl, resolveWebhookAddress } from './outbound';
import { newSigningSecret } from './webhook';

export const channelTypes = ['email', 'teams', 'slack', 'webhook'] as const;
export type ChannelType = (typeof channelTypes)[number];

export const channelTypeWords: Record<ChannelType, string> = {
  email: 'Email',
  teams: 'Microsoft Teams (Workflows)',
  slack: 'Slack',
  webhook: 'Webhook (signed)',
};

const recipients = z
  .union([z.string(), z.array(z.string())], { error: 'must be one or more email addresses' })
  .transform((v) => (Array.isArray(v) ? v : v.split(/[,;\s]+/)).map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.email({ error: (i) => `${String(i.input)} is not an email address` }))
      .min(1, 'enter at least one email address')
      .max(20, 'at most 20 addresses'),
  );

const url = z.string({ error: 'must be the webhook URL' }).trim().min(1, 'enter the webhook URL').max(2048, 'at most 2048 characters');

export const channelInputSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('email'), recipients }).strict(),
    z.object({ type: z.literal('teams'), url }).strict(),
    z.object({ type: z.literal('slack'), url }).strict(),
    z.object({ type: z.literal('webhook'), url }).strict(),
  ],
  { error: `type must be one of: ${channelTypes.join(', ')}` },
);
export type ChannelInput = z.infer<typeof channelInputSchema>;

/** What the page and the API show of a channel: never the URL, only its host. */
export type ChannelView = { id: string; type: ChannelType; label: string; createdAt: string };

/** What a sender needs, opened from the store for one delivery and dropped after. */
export type OpenedChannel = { id: string; type: ChannelType } & ({ type: 'email'; recipients: string[] } | { type: 'teams' | 'slack'; url: string } | { type: 'webhook'; url: string; secret: string });

function toView(row: NotificationChannelsTable): ChannelView {
  return { id: row.id, type: row.type as ChannelType, label: row.label, createdAt: row.created_at };
}

const urlContext = (id: string) => `channel:${id}:url`;
const secretContext = (id: string) => `channel:${id}:secret`;

/**
 * Adds a channel. A URL is checked against the outbound rules now (a refused one is a field error) and
 * kept only sealed; a webhook's signing secret is returned by this call only.
 */
export async function createChannel(db: Db, setupId: string, raw: z.input<typeof channelInputSchema>, now = new Date()): Promise<{ channel: ChannelView; signingSecret?: string }> {
  const input = channelInputSchema.parse(raw);
  const id = randomUUID();
  let row: NotificationChannelsTable;
  let signingSecret: string | undefined;
  if (input.type === 'email') {
    if (!env().SMTP_URL) throw new ApiError('bad_request:smtp_not_configured', 'Email notifications need a mail server: the operator sets SMTP_URL (and SMTP_FROM) on the server.', { type: 'needs SMTP_URL on the server' });
    row = { id, setup_id: setupId, type: 'email', label: input.recipients.join(', '), recipients: input.recipients.join(','), url_sealed: null, secret_sealed: null, created_at: now.toISOString() };
  } else {
    let parsed: URL;
    try {
      parsed = checkWebhookUrl(input.url);
      await resolveWebhookAddress(parsed);
    } catch (err) {
      if (err instanceof RefusedUrl) throw new ApiError('bad_request:url', `The URL ${err.message}.`, { url: err.message });
      throw err;
    }
    if (input.type === 'webhook') signingSecret = newSigningSecret();
    row = {
      id,
      setup_id: setupId,
      type: input.type,
      label: parsed.hostname,
      recipients: null,
      url_sealed: seal(parsed.toString(), urlContext(id)),
      secret_sealed: signingSecret ? seal(signingSecret, secretContext(id)) : null,
      created_at: now.toISOString(),
    };
  }
  await db.insertInto('notification_channels').values(row).execute();
  return { channel: toView(row), ...(signingSecret && { signingSecret }) };
}

export async function listChannels(db: Db, setupId: string): Promise<ChannelView[]> {
  const rows = await db.selectFrom('notification_channels').selectAll().where('setup_id', '=', setupId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toView);
}

export async function deleteChannel(db: Db, setupId: string, channelId: string): Promise<boolean> {
  const r = await db.deleteFrom('notification_channels').where('id', '=', channelId).where('setup_id', '=', setupId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function openChannel(db: Db, channelId: string): Promise<OpenedChannel | undefined> {
  const row = await db.selectFrom('notification_channels').selectAll().where('id', '=', channelId).executeTakeFirst();
  if (!row) return undefined;
  const type = row.type as ChannelType;
  if (type === 'email') return { id: row.id, type, recipients: (row.recipients ?? '').split(',').filter(Boolean) };
  const u = open(row.url_sealed ?? '', urlContext(row.id));
  if (type === 'webhook') return { id: row.id, type, url: u, secret: open(row.secret_sealed ?? '', secretContext(row.id)) };
  return { id: row.id, type, url: u };
}

/** How many channels each setup has (setups without any are absent). */
export async function channelCounts(db: Db, setupIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (setupIds.length === 0) return counts;
  const rows = await db
    .selectFrom('notification_channels')
    .select((eb) => ['setup_id', eb.fn.countAll<number>().as('n')])
    .where('setup_id', 'in', [...setupIds])
    .groupBy('setup_id')
    .execute();
  for (const r of rows) counts.set(r.setup_id, Number(r.n));
  return counts;
}
