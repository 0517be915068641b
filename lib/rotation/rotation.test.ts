import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { openSqlite, type Db } from '@/lib/db/connection';
import { listEvents } from '@/lib/db/events';
import { changeRotation, latestRotation, startRotation } from '@/lib/db/rotations';
import { createSetup, getSetup } from '@/lib/db/setups';
import type { Setup } from '@/lib/setups/schema';
import { applyRotationAction } from './apply';
import { rotationChecklist } from './checklist';
import { quietVerdict } from './quiet';
import { rotationPhase } from './schema';

const OLD = { keyId: '11111111-1111-4111-8111-111111111111', hint: 'old', displayName: 'nexthink', endDateTime: '2027-01-01T00:00:00Z' };
const NEW = { keyId: '22222222-2222-4222-8222-222222222222', hint: 'Ne~', displayName: 'Nexthink 2027', endDateTime: '2027-06-01T00:00:00Z' };
const NOW = new Date('2026-12-05T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const reading = (oldAt: string | null, newAt: string | null) => ({
  source: 'delegated-report' as const,
  readAt: NOW.toISOString(),
  credentials: [
    { keyId: OLD.keyId, lastSignInDateTime: oldAt },
    { keyId: NEW.keyId, lastSignInDateTime: newAt },
  ],
});

let db: Db;
beforeAll(async () => {
  db = await openSqlite(':memory:');
});

async function rotatingSetup(): Promise<Setup> {
  const created = await createSetup(db, { workflows: ['inbound-connector', 'entra-thinklet-get-user'] });
  const setup = (await getSetup(db, created.id))!;
  await startRotation(db, setup.id, [OLD], NOW);
  await applyRotationAction(db, setup, { action: 'new-secret', key: NEW, source: 'wizard' }, NOW);
  // The live proof needs Entra (the e2e spec walks it); here it is set as the server would after a pass.
  await changeRotation(db, setup.id, NOW, (r) => ({ state: { ...r.state, proof: { at: NOW.toISOString(), status: 'pass', summary: 'ok' } }, events: [] }));
  return setup;
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
};

describe('quiet verdict', () => {
  it('in use while the old secret signed in within 24 hours; safe once quiet and the new one is used', () => {
    expect(quietVerdict(reading(hoursAgo(2), hoursAgo(1)), [OLD], NEW, NOW.getTime())).toMatchObject({
      state: 'in-use',
      message: expect.stringMatching(/^The old secret “nexthink” \(starts with old\) last signed in 2 hours ago — wait/),
    });
    expect(quietVerdict(reading(hoursAgo(50), hoursAgo(1)), [OLD], NEW, NOW.getTime())).toMatchObject({
      state: 'safe',
      message: 'New secret last signed in 1 hour ago, the old one quiet for 2 days — safe to delete.',
    });
    expect(quietVerdict(reading(hoursAgo(50), null), [OLD], NEW, NOW.getTime()).state).toBe('new-unused');
    expect(quietVerdict({ source: 'unavailable', reason: 'Graph answered 403.' }, [OLD], NEW, NOW.getTime())).toMatchObject({
      state: 'unknown',
      message: expect.stringContaining('cannot tell whether the old secret is still used'),
    });
  });
});

describe('rotation rules (server-side)', () => {
  it('lists every place in Nexthink holding the secret: the workflows’ connector credential and the inbound connector', async () => {
    const setup = await rotatingSetup();
    const items = rotationChecklist(setup);
    expect(items.map((i) => i.id)).toEqual(['connector-credential', 'inbound-connector']);
    expect(items[0]).toMatchObject({ usedBy: ['Entra ID thinklet: Get user UUID'], path: expect.stringContaining('> Edit > Client secret') });
    expect(items[1]?.path).toContain('General tab > Client secret');
  });

  it('refuses to retire while the old secret is in use, unless explicitly confirmed', async () => {
    const setup = await rotatingSetup();
    expect((await refusal(applyRotationAction(db, setup, { action: 'retire', confirm: false }, NOW))).code).toBe('conflict:rotation_not_ready');
    for (const item of ['connector-credential', 'inbound-connector']) await applyRotationAction(db, setup, { action: 'check', item, done: true }, NOW);
    expect((await refusal(applyRotationAction(db, setup, { action: 'deleted', keyIds: [OLD.keyId] }, NOW))).code).toBe('conflict:rotation_not_retired');

    await applyRotationAction(db, setup, { action: 'activity', reading: reading(hoursAgo(2), hoursAgo(1)) }, NOW);
    const inUse = await refusal(applyRotationAction(db, setup, { action: 'retire', confirm: false }, NOW));
    expect(inUse.status).toBe(409);
    expect(inUse.message).toContain('last signed in 2 hours ago — wait');
    const confirmed = await applyRotationAction(db, setup, { action: 'retire', confirm: true }, NOW);
    expect(confirmed.state.retire).toEqual({ at: NOW.toISOString(), basis: 'confirmed' });
    expect((await listEvents(db, setup.id)).map((e) => e.detail.what)).toContain('retire-confirmed');
  });

  it('clears a quiet old secret, records only old keys as deleted, then waits for the final check', async () => {
    const setup = await rotatingSetup();
    for (const item of ['connector-credential', 'inbound-connector']) await applyRotationAction(db, setup, { action: 'check', item, done: true }, NOW);
    const stale = { ...reading(hoursAgo(50), hoursAgo(1)), readAt: hoursAgo(1) };
    expect((await refusal(applyRotationAction(db, setup, { action: 'activity', reading: stale }, NOW))).code).toBe('bad_request:reading_stale');
    await applyRotationAction(db, setup, { action: 'activity', reading: reading(hoursAgo(50), hoursAgo(1)) }, NOW);
    expect((await applyRotationAction(db, setup, { action: 'retire', confirm: false }, NOW)).state.retire?.basis).toBe('quiet');
    expect((await refusal(applyRotationAction(db, setup, { action: 'deleted', keyIds: [NEW.keyId] }, NOW))).code).toBe('bad_request:keyIds');
    const deleted = await applyRotationAction(db, setup, { action: 'deleted', keyIds: [OLD.keyId] }, NOW);
    expect(rotationPhase(deleted, ['connector-credential', 'inbound-connector'])).toBe('final');
    expect(JSON.stringify(await latestRotation(db, setup.id))).not.toMatch(/secretText|value/);
  });

  it('refuses a pasted old secret as the new one before any call, and starts only one rotation at a time', async () => {
    const setup = await rotatingSetup();
    const wrong = await refusal(applyRotationAction(db, setup, { action: 'prove', clientSecret: 'old-secret-value' }, NOW));
    expect(wrong.code).toBe('bad_request:secret_not_new');
    const again = await startRotation(db, setup.id, [], NOW);
    expect(again.state.newKey?.keyId).toBe(NEW.keyId);
  });
});
