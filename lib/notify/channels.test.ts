/**
 * Each channel against a real receiver: an SMTP server (smtp-server, mails parsed by mailparser) and an
 * HTTPS receiver that checks Standard Webhooks signatures. Teams and Slack payloads are checked against
 * the fields their formats require. The outbound rules refuse what they must.
 */
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { startHttpsReceiver, startSmtpReceiver, type HttpsReceiver } from '@/e2e/support/notify-receivers';
import { openSqlite, type Db } from '@/lib/db/connection';
import { createSetup } from '@/lib/db/setups';
import type { NotifyMessage } from './message';

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let flaky: Awaited<ReturnType<typeof startSmtpReceiver>>;
let refusing: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hooks: HttpsReceiver;
let redirecting: HttpsReceiver;
let db: Db;
let m: {
  channels: typeof import('./channels');
  deliver: typeof import('./deliver');
  enqueue: typeof import('./enqueue');
  outbound: typeof import('./outbound');
  teams: typeof import('./teams');
  slack: typeof import('./slack');
  webhook: typeof import('./webhook');
  email: typeof import('./email');
  outbox: typeof import('@/lib/jobs/outbox');
};

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  flaky = await startSmtpReceiver({ reject: (n) => (n <= 2 ? 451 : undefined) });
  refusing = await startSmtpReceiver({ reject: () => 550 });
  hooks = await startHttpsReceiver();
  redirecting = await startHttpsReceiver({ answer: () => ({ status: 302, headers: { location: hooks.url('/after-redirect') } }) });
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = 'Wizard <wizard@example.com>';
  process.env.PUBLIC_URL = 'https://wizard.example.com';
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1,*.logic.azure.com,hooks.slack.com';
  process.env.WIZARD_ENCRYPTION_KEY = randomBytes(32).toString('base64');
  m = {
    channels: await import('./channels'),
    deliver: await import('./deliver'),
    enqueue: await import('./enqueue'),
    outbound: await import('./outbound'),
    teams: await import('./teams'),
    slack: await import('./slack'),
    webhook: await import('./webhook'),
    email: await import('./email'),
    outbox: await import('@/lib/jobs/outbox'),
  };
  db = await openSqlite(':memory:');
});
afterAll(async () => {
  await db.destroy();
  await Promise.all([smtp, flaky, refusing, hooks, redirecting].map((s) => s.close()));
});

const message = (over: Partial<NotifyMessage> = {}): NotifyMessage => ({
  id: 'msg_2c8d1f',
  event: {
    kind: 'step.failed',
    severity: 'critical',
    title: 'Create a client secret: now failing (Client secret works)',
    cause: 'Entra ID refused the client secret: it expired on 2027-03-01 (AADSTS7000222).',
    fix: 'Create a new client secret and enter it in Nexthink.',
    step: 'certificates-secrets',
    check: 'Client secret works',
    key: 'run:1',
  },
  setup: { id: 'stp_abc', name: 'Contoso <prod> & co', tenant: 'contoso.onmicrosoft.com', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
  link: 'https://wizard.example.com/setups/stp_abc/status',
  sentAt: '2027-02-01T00:00:00.000Z',
  lateMs: null,
  ...over,
});

describe('email', () => {
  it('arrives with the subject, the recipients, a text and an HTML part, and the link', async () => {
    const result = await m.email.sendEmail(['ops@example.com', 'secops@example.com'], message({ lateMs: 2 * 86_400_000 }));
    expect(result).toMatchObject({ ok: true });
    expect(result.answer).toMatch(/^250/);
    const mail = smtp.messages.at(-1)!;
    expect(mail.subject).toBe('[Action needed] Contoso <prod> & co: Create a client secret: now failing (Client secret works)');
    expect(mail.envelopeTo).toEqual(['ops@example.com', 'secops@example.com']);
    expect(mail.from?.text).toContain('wizard@example.com');
    expect(mail.messageId).toBe('<msg_2c8d1f@entra-setup-wizard>');
    expect(mail.text).toContain('Tenant: contoso.onmicrosoft.com (72f988bf-86f1-41af-91ab-2d7cd011db47)');
    expect(mail.text).toContain('What happened: Entra ID refused the client secret');
    expect(mail.text).toContain('The fix: Create a new client secret');
    expect(mail.text).toContain('Sent 2 days late');
    expect(mail.text).toContain('Status page: https://wizard.example.com/setups/stp_abc/status');
    expect(mail.html).toContain('<a href="https://wizard.example.com/setups/stp_abc/status">Open the status page</a>');
    expect(mail.html).toContain('Contoso &lt;prod&gt; &amp; co');
    expect(mail.html).not.toContain('<prod>');
  });

  it('a 4xx answer is tried again later; a 5xx answer fails the notice at once', async () => {
    // Each failed try is logged for the operator (a warning with the receiver's answer): caught here, not printed.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const setup = await createSetup(db, { name: 'Mail', tenant: 'contoso.com' });
    const { channel } = await m.channels.createChannel(db, setup.id, { type: 'email', recipients: 'ops@example.com' });
    let now = new Date('2027-01-01T00:00:00Z');
    await m.enqueue.notifySetupEvent(db, setup.id, { ...message().event, key: 'flaky' }, { now });
    const flakyServer = { email: { smtpUrl: flaky.url } };
    expect(await m.deliver.deliverDue(db, { now: () => now, send: flakyServer })).toEqual({ delivered: 0, failed: 0, retrying: 1 });
    now = new Date(now.getTime() + m.outbox.BACKOFF_MS[0]);
    expect(await m.deliver.deliverDue(db, { now: () => now, send: flakyServer })).toEqual({ delivered: 0, failed: 0, retrying: 1 });
    now = new Date(now.getTime() + m.outbox.BACKOFF_MS[1]);
    expect(await m.deliver.deliverDue(db, { now: () => now, send: flakyServer })).toEqual({ delivered: 1, failed: 0, retrying: 0 });
    expect(flaky.messages).toHaveLength(1);

    await m.enqueue.notifySetupEvent(db, setup.id, { ...message().event, key: 'refused' }, { now });
    expect(await m.deliver.deliverDue(db, { now: () => now, send: { email: { smtpUrl: refusing.url } } })).toEqual({ delivered: 0, failed: 1, retrying: 0 });
    const rows = await db.selectFrom('notifications').select(['dedup_key', 'state', 'attempts', 'answer']).where('channel_id', '=', channel.id).orderBy('dedup_key').execute();
    expect(rows).toEqual([
      { dedup_key: 'flaky', state: 'delivered', attempts: 3, answer: expect.stringMatching(/^250/) },
      { dedup_key: 'refused', state: 'failed', attempts: 1, answer: expect.stringMatching(/^550/) },
    ]);
    const warnings = logged.mock.calls.map((c) => JSON.parse(String(c[0])) as { event: string; final: boolean; answer: string });
    logged.mockRestore();
    expect(warnings.map((w) => [w.event, w.final, w.answer.slice(0, 3)])).toEqual([
      ['notify.delivery_failed', false, '451'],
      ['notify.delivery_failed', false, '451'],
      ['notify.delivery_failed', true, '550'],
    ]);
  });
});

describe('a notice that cannot be queued', () => {
  it('never fails the work that told it (tellSetup): logged with its kind, none queued; notifySetupEvent itself throws', async () => {
    const setup = await createSetup(db, { name: 'Broken store', tenant: 'contoso.com' });
    await m.channels.createChannel(db, setup.id, { type: 'email', recipients: 'ops@example.com' });
    // A store that refuses every query (as during an outage of PostgreSQL).
    const broken = new Proxy(db, { get: (target, key) => (key === 'selectFrom' ? () => { throw new Error('connection terminated unexpectedly'); } : Reflect.get(target, key)) });
    await expect(m.enqueue.notifySetupEvent(broken, setup.id, { ...message().event, key: 'outage' })).rejects.toThrow('connection terminated');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await m.enqueue.tellSetup(broken, setup.id, { ...message().event, key: 'outage' })).toBe(0);
    const warnings = logged.mock.calls.map((c) => JSON.parse(String(c[0])) as { event: string; kind: string; error: string });
    logged.mockRestore();
    expect(warnings).toEqual([expect.objectContaining({ event: 'notify.enqueue_failed', kind: 'step.failed', error: 'connection terminated unexpectedly' })]);
    expect(await m.enqueue.tellSetup(db, setup.id, { ...message().event, key: 'after-the-outage' })).toBe(1);
  });
});

describe('signed webhook', () => {
  it('the receiver verifies the Standard Webhooks signature and refuses a tampered body', async () => {
    const secret = m.webhook.newSigningSecret();
    hooks.setSecret(secret);
    const result = await m.webhook.sendWebhook(hooks.url('/signed'), secret, message(), { ca: hooks.ca });
    expect(result).toMatchObject({ ok: true, answer: 'HTTP 202 Accepted: accepted by the test receiver', retry: false });
    const got = hooks.received.at(-1)!;
    expect(got.verified).toBe(true);
    expect(got.headers['webhook-id']).toBe('msg_2c8d1f');
    expect(got.headers['webhook-timestamp']).toBe(String(Date.parse('2027-02-01T00:00:00Z') / 1000));
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({
      type: 'step.failed',
      data: { setup: { id: 'stp_abc', name: 'Contoso <prod> & co', tenant: 'contoso.onmicrosoft.com' }, severity: 'critical', step: 'certificates-secrets', check: 'Client secret works', link: message().link },
    });
    // The same headers with one character of the body changed: the receiver refuses it.
    const tampered = got.body.replace('critical', 'info');
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(hooks.url('/signed'), { method: 'POST', ca: hooks.ca, headers: { ...got.headers, 'content-length': Buffer.byteLength(tampered) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(tampered);
    });
    expect(status).toBe(401);
    expect(hooks.received.at(-1)!.verified).toBe(false);
    // And a wrong secret does not verify either.
    hooks.setSecret(m.webhook.newSigningSecret());
    expect((await m.webhook.sendWebhook(hooks.url('/signed'), secret, message(), { ca: hooks.ca })).answer).toMatch(/^HTTP 401/);
  });
});

const textBlock = z.object({ type: z.literal('TextBlock'), text: z.string().min(1), wrap: z.literal(true) }).passthrough();
const adaptiveCardMessage = z
  .object({
    type: z.literal('message'),
    attachments: z
      .array(
        z.object({
          contentType: z.literal('application/vnd.microsoft.card.adaptive'),
          content: z.object({
            $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json'),
            type: z.literal('AdaptiveCard'),
            // Teams renders Adaptive Cards up to 1.5; Workflows' "Post card" accepts 1.4 everywhere.
            version: z.enum(['1.0', '1.1', '1.2', '1.3', '1.4', '1.5']),
            body: z.array(z.union([textBlock, z.object({ type: z.literal('FactSet'), facts: z.array(z.object({ title: z.string(), value: z.string().min(1) })).min(1) })])).min(1),
            actions: z.array(z.object({ type: z.literal('Action.OpenUrl'), title: z.string().min(1), url: z.url() })).min(1),
          }),
        }),
      )
      .length(1),
  })
  .strict();

const plain = z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(150), emoji: z.boolean().optional() });
const mrkdwn = z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(3000) });
const blockKitMessage = z
  .object({
    text: z.string().min(1),
    blocks: z
      .array(
        z.union([
          z.object({ type: z.literal('header'), text: plain }).strict(),
          z.object({ type: z.literal('section'), text: mrkdwn }).strict(),
          z.object({ type: z.literal('section'), fields: z.array(mrkdwn).min(1).max(10) }).strict(),
          z.object({ type: z.literal('context'), elements: z.array(mrkdwn).min(1).max(10) }).strict(),
          z.object({ type: z.literal('actions'), elements: z.array(z.object({ type: z.literal('button'), text: plain, url: z.url().max(3000) }).strict()).min(1).max(25) }).strict(),
        ]),
      )
      .min(1)
      .max(50),
  })
  .strict();

describe('Teams and Slack messages', () => {
  it('Teams: an Adaptive Card in the Workflows message envelope, with the setup, what happened, the fix and a button to the status page', async () => {
    const payload = m.teams.teamsPayload(message({ lateMs: 3 * 3_600_000 }));
    const card = adaptiveCardMessage.parse(payload).attachments[0]!.content;
    const text = JSON.stringify(card.body);
    expect(text).toContain('Contoso <prod> & co');
    expect(text).toContain('Entra ID refused the client secret');
    expect(text).toContain('Create a new client secret');
    expect(text).toContain('Sent 3 hours late');
    expect(card.actions[0]).toEqual({ type: 'Action.OpenUrl', title: 'Open the status page', url: message().link });
    hooks.setSecret(undefined);
    const sent = await m.teams.sendTeams(hooks.url('/teams'), message(), { ca: hooks.ca, allowed: ['127.0.0.1'] });
    expect(sent.ok).toBe(true);
    expect(adaptiveCardMessage.safeParse(JSON.parse(hooks.received.at(-1)!.body)).success).toBe(true);
  });

  it('Slack: Block Kit with a fallback text, the facts, the fix and a link button; mrkdwn markup in names is escaped', async () => {
    const payload = blockKitMessage.parse(m.slack.slackPayload(message()));
    expect(payload.text).toBe('[Action needed] Contoso <prod> & co: Create a client secret: now failing (Client secret works)');
    const text = JSON.stringify(payload.blocks);
    expect(text).toContain('Contoso &lt;prod&gt; &amp; co');
    expect(text).toContain('The fix');
    expect(payload.blocks.at(-1)).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the status page' }, url: message().link }] });
  });
});

describe('outbound rules for webhook URLs', () => {
  const refusedUrls: [string, RegExp][] = [
    ['http://127.0.0.1:8080/hook', /https/],
    ['https://127.0.0.1/hook', /private, loopback or link-local/],
    ['https://10.1.2.3/hook', /private, loopback or link-local/],
    ['https://169.254.169.254/latest/meta-data', /private, loopback or link-local/],
    ['https://[::1]/hook', /private, loopback or link-local/],
    ['https://[::ffff:127.0.0.1]/hook', /private, loopback or link-local/],
    ['https://localhost/hook', /resolves to (127\.0\.0\.1|::1)/],
    ['https://user:pw@hooks.slack.com/services/x', /user name or password/],
  ];
  it.each(refusedUrls)('refuses %s even with every public host allowed', async (url, reason) => {
    const allowed = ['*'];
    const answer = await m.outbound.postWebhook(url, '{}', {}, { allowed });
    expect(answer.ok).toBe(false);
    expect(answer.retry).toBe(false);
    expect(answer.answer).toMatch(reason);
  });

  it('refuses a host that is not on the list, naming the list and the variable', () => {
    expect(() => m.outbound.checkWebhookUrl('https://evil.example/hook', ['hooks.slack.com'])).toThrow(/evil\.example is not one this server may call; allowed: hooks\.slack\.com.*WEBHOOK_ALLOWED_HOSTS/);
    expect(() => m.outbound.checkWebhookUrl('https://hooks.slack.com.evil.example/x', ['hooks.slack.com', '*.logic.azure.com'])).toThrow(/not one this server may call/);
    expect(m.outbound.checkWebhookUrl('https://prod-12.westeurope.logic.azure.com:443/workflows/abc', ['*.logic.azure.com']).hostname).toBe('prod-12.westeurope.logic.azure.com');
  });

  it('an address the operator lists exactly is allowed even when private; a wildcard never reaches a private address', async () => {
    expect((await m.outbound.resolveWebhookAddress(new URL('https://127.0.0.1/x'), ['127.0.0.1'])).address).toBe('127.0.0.1');
    expect((await m.outbound.resolveWebhookAddress(new URL('https://localhost/x'), ['localhost'])).address).toMatch(/^(127\.0\.0\.1|::1)$/);
    await expect(m.outbound.resolveWebhookAddress(new URL('https://localhost/x'), ['*'])).rejects.toThrow(/private/);
  });

  it('does not follow a redirect: the receiver it points to gets nothing', async () => {
    const before = hooks.received.filter((r) => r.path === '/after-redirect').length;
    const answer = await m.outbound.postWebhook(redirecting.url('/moved'), '{}', {}, { ca: redirecting.ca, allowed: ['127.0.0.1'] });
    expect(answer).toMatchObject({ ok: false, status: 302, retry: false });
    expect(answer.answer).toMatch(/redirect, which is not followed/);
    expect(hooks.received.filter((r) => r.path === '/after-redirect').length).toBe(before);
  });

  it('a receiver whose certificate is not trusted is an answer that says so, not a crash', async () => {
    const answer = await m.outbound.postWebhook(hooks.url('/untrusted'), '{}', {}, { allowed: ['127.0.0.1'] });
    expect(answer.ok).toBe(false);
    expect(answer.answer).toMatch(/TLS certificate was not trusted.*NODE_EXTRA_CA_CERTS/);
  });

  it('a refused URL is a field error when the channel is added', async () => {
    const setup = await createSetup(db, { name: 'SSRF' });
    for (const url of ['http://hooks.slack.com/x', 'https://10.0.0.5/x', 'https://evil.example/x']) {
      await expect(m.channels.createChannel(db, setup.id, { type: 'webhook', url })).rejects.toMatchObject({ code: 'bad_request:url', fields: { url: expect.any(String) } });
    }
    expect(await m.channels.listChannels(db, setup.id)).toEqual([]);
  });
});

describe('secrets at rest', () => {
  it('the canary webhook URL is found nowhere but sealed in the database; the page shows only its host', async () => {
    const canary = `canary-${randomBytes(12).toString('hex')}`;
    const setup = await createSetup(db, { name: 'Canary' });
    const { channel, signingSecret } = await m.channels.createChannel(db, setup.id, { type: 'webhook', url: hooks.url(`/hook/${canary}`) });
    expect(channel).toEqual({ id: channel.id, type: 'webhook', label: '127.0.0.1', createdAt: expect.any(String) });
    hooks.setSecret(signingSecret!);
    expect((await m.deliver.sendTestNotification(db, setup.id, channel.id, { send: { post: { ca: hooks.ca } } })).ok).toBe(true);
    expect(hooks.received.at(-1)!.path).toBe(`/hook/${canary}`);
    const tables = ['setups', 'notification_channels', 'notifications', 'notify_settings', 'events'] as const;
    const dump = JSON.stringify(await Promise.all(tables.map((t) => db.selectFrom(t).selectAll().execute())));
    expect(dump).not.toContain(canary);
    expect(dump).not.toContain(signingSecret!.slice(6));
    expect(JSON.stringify(await m.channels.listChannels(db, setup.id))).not.toContain(canary);
    const opened = await m.channels.openChannel(db, channel.id);
    expect(opened).toMatchObject({ type: 'webhook', url: hooks.url(`/hook/${canary}`), secret: signingSecret });
  });
});
