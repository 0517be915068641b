/**
 * Two production instances on one PostgreSQL with the same due notices: a real HTTPS receiver counts
 * what arrives, by webhook-id. Every notice arrives exactly once while both send; when one instance is
 * killed (SIGKILL) mid-delivery the other takes over its notices once their lease runs out.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsReceiver, type HttpsReceiver } from '@/e2e/support/notify-receivers';
import { openPostgres, type Db } from '@/lib/db/connection';
import { enqueue } from '@/lib/jobs/outbox';
import { createDatabase, startPostgres, type PostgresCluster } from '../../scripts/postgres.mjs';
import { api, startApp, waitForHealth, type App } from './support';

let cluster: PostgresCluster;
let db: Db;
let receiver: HttpsReceiver;
let tmp: string;
let a: App;
let b: App;
let setupId = '';
let channelId = '';
const LEASE_SECONDS = 8;

beforeAll(async () => {
  cluster = await startPostgres();
  const databaseUrl = await createDatabase(cluster, 'wizard');
  receiver = await startHttpsReceiver({ delayMs: 400 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-cluster-'));
  const ca = path.join(tmp, 'receiver-ca.pem');
  fs.writeFileSync(ca, receiver.ca);
  const env = {
    DATABASE_URL: databaseUrl,
    WIZARD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    NODE_EXTRA_CA_CERTS: ca,
    NOTIFY_LEASE_SECONDS: String(LEASE_SECONDS),
  };
  [a, b] = await Promise.all([startApp('next-start', env), startApp('next-start', env)]);
  await Promise.all([waitForHealth(a), waitForHealth(b)]);
  db = await openPostgres(databaseUrl, { max: 2 });
  const created = await api(a.url, 'POST', '/api/setups', { name: 'Cluster notices', tenant: 'contoso.onmicrosoft.com' });
  setupId = (created.json as { id: string }).id;
  const channel = await api(b.url, 'POST', `/api/setups/${setupId}/notifications/channels`, { type: 'webhook', url: receiver.url('/cluster') });
  expect(channel.status).toBe(201);
  channelId = (channel.json as { channel: { id: string } }).channel.id;
  receiver.setSecret((channel.json as { signingSecret: string }).signingSecret);
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.destroy();
  await receiver?.close();
  cluster?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 60_000);

const event = (i: number) => ({ kind: 'test', severity: 'info' as const, title: `Notice ${i}`, cause: 'c', fix: 'f' });

async function queue(prefix: string, n: number): Promise<string[]> {
  const now = new Date();
  await enqueue(db, Array.from({ length: n }, (_, i) => ({ setupId, channelId, key: `${prefix}-${i}`, event: { ...event(i), key: `${prefix}-${i}` }, dueAt: now })), now);
  const rows = await db.selectFrom('notifications').select('id').where('dedup_key', 'like', `${prefix}-%`).execute();
  return rows.map((r) => r.id);
}

const countsFor = (ids: readonly string[]) => {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const r of receiver.received) {
    const id = String(r.headers['webhook-id']);
    if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
  }
  return counts;
};

async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const delivered = async (ids: readonly string[]) =>
  (await db.selectFrom('notifications').select('id').where('id', 'in', [...ids]).where('state', '=', 'delivered').execute()).length === ids.length;

describe('notices with two instances on one PostgreSQL', () => {
  it('both instances send, and each notice reaches the receiver exactly once, signed', async () => {
    const ids = await queue('both', 30);
    await until('30 notices delivered', () => delivered(ids), 90_000);
    const counts = countsFor(ids);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    const holders = await db.selectFrom('notifications').select(['attempts', 'state']).where('id', 'in', ids).execute();
    expect(holders.every((h) => h.attempts === 1 && h.state === 'delivered')).toBe(true);
    expect(receiver.received.filter((r) => ids.includes(String(r.headers['webhook-id']))).every((r) => r.verified === true)).toBe(true);
  });

  it('an instance killed (SIGKILL) mid-delivery: the other sends what it held after the lease, and nothing else twice', async () => {
    const before = receiver.received.length;
    const ids = await queue('kill', 20);
    // Kill A while requests are in flight to the receiver (it answers after 400 ms).
    await until('the first deliveries', () => receiver.received.length >= before + 3, 60_000);
    a.proc.kill('SIGKILL');
    await a.exited;
    const inFlight = await db.selectFrom('notifications').select(['id', 'lease_holder']).where('id', 'in', ids).where('state', '=', 'sending').execute();
    await until('20 notices delivered', () => delivered(ids), 90_000);
    const counts = countsFor(ids);
    expect([...counts.values()].every((c) => c >= 1)).toBe(true);
    // A notice is repeated only if the killed instance had already handed it to the receiver and died before
    // recording the answer; the repeat has the same webhook-id, which is how Standard Webhooks receivers drop it.
    const repeated = [...counts].filter(([, c]) => c > 1).map(([id]) => id);
    expect(repeated.length).toBeLessThanOrEqual(inFlight.length);
    for (const id of repeated) expect(counts.get(id)).toBe(2);
    const rows = await db.selectFrom('notifications').select(['id', 'attempts']).where('id', 'in', repeated.length ? repeated : ['-']).execute();
    expect(rows.every((r) => r.attempts === 2)).toBe(true);
    // B is still healthy and sending.
    expect((await api(b.url, 'GET', '/api/health')).status).toBe(200);
  });
});
