/**
 * Two tabs editing one setup, through the PATCH route as their autosave sends it (only the fields that
 * changed): different fields — different keys of the one mapping object included — all persist, round
 * after round; the same field ends with the last write. (scripts/durability.mjs does the same across
 * SIGKILLs of the production server; lib/db/repositories.test.ts checks updateSetup on both stores.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute, jsonBody, type RouteHandler } from '@/e2e/support/route-handlers';

let tmp: string;
let create: RouteHandler;
let patch: RouteHandler;
let get: RouteHandler;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wizard-tabs-'));
  Object.assign(process.env, { DATABASE_PATH: path.join(tmp, 'tabs.db'), LOG_LEVEL: 'silent' });
  const [setups, one] = await Promise.all([import('@/app/api/setups/route'), import('@/app/api/setups/[id]/route')]);
  create = setups.POST;
  patch = one.PATCH;
  get = one.GET;
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type SetupJson = { name: string; sampleUpn: string; clientId: string; mapping: Record<string, string>; updatedAt: string };

const send = (id: string, body: Record<string, unknown>) => callRoute(patch, { method: 'PATCH', path: `/api/setups/${id}`, params: { id }, body: jsonBody(body) });
const read = async (id: string) => (await callRoute(get, { method: 'GET', path: `/api/setups/${id}`, params: { id } })).json as SetupJson;

describe('two tabs on one setup', () => {
  it('different fields typed at the same moment all persist, 40 rounds in a row', async () => {
    const { id } = (await callRoute(create, { method: 'POST', path: '/api/setups', body: '{}' })).json as { id: string };
    for (let round = 0; round < 40; round++) {
      const tabA = [{ name: `A${round}` }, { mapping: { department: `dept_${round}` } }, { clientId: `client-${round}` }];
      const tabB = [{ sampleUpn: `b${round}@contoso.com` }, { mapping: { city: `city_${round}` } }, { mapping: { office: `office_${round}` } }];
      const answers = await Promise.all([...tabA, ...tabB].map((b) => send(id, b)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      const now = await read(id);
      expect(now).toMatchObject({ name: `A${round}`, sampleUpn: `b${round}@contoso.com`, clientId: `client-${round}` });
      expect(now.mapping).toMatchObject({ department: `dept_${round}`, city: `city_${round}`, office: `office_${round}` });
    }
  });

  it('the same field typed in both tabs ends with the write answered last', async () => {
    const { id } = (await callRoute(create, { method: 'POST', path: '/api/setups', body: '{}' })).json as { id: string };
    for (let round = 0; round < 20; round++) {
      const order: string[] = [];
      await Promise.all(['left', 'right'].map((tab) => send(id, { name: `${tab} ${round}`, mapping: { city: `${tab}_${round}` } }).then(() => order.push(tab))));
      const now = await read(id);
      expect(now.name).toBe(`${order.at(-1)} ${round}`);
      expect(now.mapping.city).toBe(`${order.at(-1)}_${round}`);
    }
  });
});
