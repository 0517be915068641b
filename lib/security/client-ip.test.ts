import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { openSqlite, type Db } from '@/lib/db/connection';
import { clientIp } from './client-ip';
import { limitAdminLogin, limitSetupCreation } from './guards';
import { stampPeersOfEveryServer } from './peer';

// One process-wide configuration per test file (limits() is read once): no trusted proxy, as by default.
Object.assign(process.env, {
  TRUST_PROXY_HOPS: '0',
  RATE_LIMIT_ADMIN_LOGINS_PER_IP: '10',
  RATE_LIMIT_ADMIN_LOGINS_TOTAL: '30',
  RATE_LIMIT_SETUPS_PER_IP: '30',
  RATE_LIMIT_SETUPS_TOTAL: '300',
});

let db: Db;
let server: http.Server;
let base: string;

/** What the server answers: the address it counts, and whether an admin sign-in attempt would be limited. */
async function handle(req: http.IncomingMessage): Promise<{ ip: string; status: number }> {
  const headers = new Headers(req.headers as Record<string, string>);
  const ip = clientIp(headers);
  if (req.url === '/ip') return { ip, status: 200 };
  try {
    await (req.url === '/create' ? limitSetupCreation(db, headers) : limitAdminLogin(db, headers));
    return { ip, status: 401 };
  } catch (err) {
    if (err instanceof ApiError) return { ip, status: err.status };
    throw err;
  }
}

beforeAll(async () => {
  // The limits are a GCRA (no minute windows): each burst below gets `max` at once whenever it starts.
  db = await openSqlite(':memory:');
  stampPeersOfEveryServer();
  server = http.createServer((req, res) => {
    void handle(req).then((body) => res.end(JSON.stringify(body)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await db.destroy();
});

const send = async (path: string, headers: Record<string, string>) => (await (await fetch(base + path, { headers })).json()) as { ip: string; status: number };

describe('the client address without trusted proxies', () => {
  it('is the socket’s: X-Forwarded-For and a forged stamp are ignored', async () => {
    expect(await send('/ip', { 'x-forwarded-for': '203.0.113.9' })).toMatchObject({ ip: '127.0.0.1' });
    expect(await send('/ip', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9', 'x-wizard-peer': 'guess 192.0.2.1' })).toMatchObject({ ip: '127.0.0.1' });
  });

  it('rotating X-Forwarded-For on admin sign-in meets 429 after the per-address limit', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 12; n++) statuses.push((await send('/admin', { 'x-forwarded-for': `10.9.${n}.1` })).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  });

  it('rotating X-Forwarded-For on new setups meets 429 after the per-address limit', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 31; n++) statuses.push((await send('/create', { 'x-forwarded-for': `10.8.${n}.1` })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('is "unknown" for a request no server of this process stamped (never the header a client chose)', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.9' }))).toBe('unknown');
  });
});
