/**
 * Time: an injectable clock walks a setup from 100 days before its secret expires to 2 days after, with a
 * real HTTPS receiver counting what arrives. Restarts and downtime are a closed and reopened database file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsReceiver, type HttpsReceiver } from '@/e2e/support/notify-receivers';
import { openSqlite, type Db } from '@/lib/db/connection';
import { createSetup } from '@/lib/db/setups';
import type { SendOptions } from './deliver';

let receiver: HttpsReceiver;
let tmp: string;
let send: SendOptions;
let mod: {
  channels: typeof import('./channels');
  deliver: typeof import('./deliver');
  expiry: typeof import('./expiry');
  settings: typeof import('./settings');
};

beforeAll(async () => {
  receiver = await startHttpsReceiver();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-expiry-'));
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  process.env.WIZARD_ENCRYPTION_KEY = randomBytes(32).toString('base64');
  process.env.PUBLIC_URL = 'https://wizard.example.com';
  mod = { channels: await import('./channels'), deliver: await import('./deliver'), expiry: await import('./expiry'), settings: await import('./settings') };
  send = { post: { ca: receiver.ca } };
});
afterAll(async () => {
  await receiver.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const DAY = 86_400_000;
const EXPIRES = '2027-03-01';
const expiry = Date.parse(`${EXPIRES}T00:00:00Z`);
// Half a minute after midnight UTC, when a notice of that day falls due: the every-minute scan sees it on time.
const at = (days: number) => new Date(expiry + days * DAY + 30_000);

type Payload = { type: string; data: { key: string; lateSeconds: number | null; setup: { id: string }; link: string; title: string } };
const arrivedFor = (setupId: string) =>
  receiver.received.map((r) => JSON.parse(r.body) as Payload).filter((p) => p.data.setup.id === setupId);

async function prepare(file: string, thresholds?: number[]) {
  const db = await openSqlite(file);
  const setup = await createSetup(db, { name: 'Contoso production', tenant: 'contoso.onmicrosoft.com', secretExpiresOn: EXPIRES });
  const { channel, signingSecret } = await mod.channels.createChannel(db, setup.id, { type: 'webhook', url: receiver.url(`/walk/${setup.id}`) }, at(-101));
  receiver.setSecret(signingSecret!);
  if (thresholds) await mod.settings.setThresholds(db, setup.id, thresholds);
  return { db, setupId: setup.id, channelId: channel.id };
}

async function day(db: Db, now: Date) {
  await mod.expiry.scanExpiry(db, now);
  return mod.deliver.deliverDue(db, { now: () => now, send });
}

describe('expiry notices over time', () => {
  it('walks from 100 days before expiry to 2 days after: exactly the 6 notices, in order, each once, none late; a restart in the middle sends nothing twice', async () => {
    const file = path.join(tmp, 'walk.db');
    const prepared = await prepare(file);
    const { setupId } = prepared;
    let { db } = prepared;
    for (let d = -100; d <= 2; d++) {
      if (d === -20) {
        // A restart: a new process opens the same database; what is due is computed from it again.
        await db.destroy();
        db = await openSqlite(file);
        await day(db, at(d));
        await day(db, at(d));
      }
      await day(db, at(d));
    }
    const arrived = arrivedFor(setupId);
    expect(arrived.map((p) => p.data.key)).toEqual([90, 30, 14, 7, 1, 0].map((t) => `expiry:${EXPIRES}:${t}`));
    expect(arrived.map((p) => p.type)).toEqual(['secret.expiring', 'secret.expiring', 'secret.expiring', 'secret.expiring', 'secret.expiring', 'secret.expires_today']);
    expect(arrived.every((p) => p.data.lateSeconds === null)).toBe(true);
    expect(arrived[1]!.data.title).toBe(`The client secret expires in 30 days (${EXPIRES})`);
    expect(arrived[0]!.data.link).toBe(`https://wizard.example.com/setups/${setupId}/rotate`);
    expect(receiver.received.filter((r) => r.path === `/walk/${setupId}`).every((r) => r.verified === true)).toBe(true);
    const history = await db.selectFrom('notifications').select(['state', 'attempts']).where('setup_id', '=', setupId).execute();
    expect(history).toHaveLength(6);
    expect(history.every((h) => h.state === 'delivered' && h.attempts === 1)).toBe(true);
    await db.destroy();
  });

  it('a downtime across two thresholds: both are sent once when the server is back, marked late', async () => {
    const file = path.join(tmp, 'downtime.db');
    const prepared = await prepare(file);
    const { setupId } = prepared;
    let { db } = prepared;
    for (let d = -100; d <= -36; d++) await day(db, at(d));
    await db.destroy();
    // Down from 36 to 10 days before expiry (the 30- and 14-day notices fell due meanwhile).
    db = await openSqlite(file);
    for (let d = -10; d <= 2; d++) await day(db, at(d));
    const arrived = arrivedFor(setupId);
    expect(arrived.map((p) => p.data.key)).toEqual([90, 30, 14, 7, 1, 0].map((t) => `expiry:${EXPIRES}:${t}`));
    const late = arrived.filter((p) => p.data.lateSeconds !== null);
    expect(late.map((p) => p.data.key)).toEqual([`expiry:${EXPIRES}:30`, `expiry:${EXPIRES}:14`]);
    expect(late[0]!.data.lateSeconds).toBe(20 * 86_400 + 30);
    expect(late[1]!.data.lateSeconds).toBe(4 * 86_400 + 30);
    await db.destroy();
  });

  it('a new expiry date starts a new series; thresholds set per setup are the ones used', async () => {
    const file = path.join(tmp, 'series.db');
    const { db, setupId } = await prepare(file, [10, 0]);
    for (let d = -100; d <= 0; d++) await day(db, at(d));
    expect(arrivedFor(setupId).map((p) => p.data.key)).toEqual([`expiry:${EXPIRES}:10`, `expiry:${EXPIRES}:0`]);
    // The admin rotated the secret on expiry day: the new one expires in 60 days.
    const next = new Date(expiry + 60 * DAY).toISOString().slice(0, 10);
    await db.updateTable('setups').set({ secret_expires_on: next }).where('id', '=', setupId).execute();
    for (let d = 1; d <= 62; d++) await day(db, at(d));
    expect(arrivedFor(setupId).map((p) => p.data.key)).toEqual([`expiry:${EXPIRES}:10`, `expiry:${EXPIRES}:0`, `expiry:${next}:10`, `expiry:${next}:0`]);
    await db.destroy();
  });

  it('a channel added when the secret is already 20 days from expiry gets the current notice, not the 90-day one late', async () => {
    const file = path.join(tmp, 'late-channel.db');
    const db = await openSqlite(file);
    const setup = await createSetup(db, { name: 'Fabrikam', tenant: 'fabrikam.com', secretExpiresOn: EXPIRES });
    const { signingSecret } = await mod.channels.createChannel(db, setup.id, { type: 'webhook', url: receiver.url(`/late/${setup.id}`) }, at(-20));
    receiver.setSecret(signingSecret!);
    for (let d = -20; d <= -13; d++) await day(db, at(d));
    const arrived = arrivedFor(setup.id);
    expect(arrived.map((p) => p.data.key)).toEqual([`expiry:${EXPIRES}:30`, `expiry:${EXPIRES}:14`]);
    expect(arrived.every((p) => p.data.lateSeconds === null)).toBe(true);
    await db.destroy();
  });
});
