/**
 * Paging overlap, against a Graph stand-in that controls when each byte of a page goes out: the request
 * for page n+1 leaves as soon as page n's `@odata.nextLink` has arrived (before the rest of its body),
 * never more than one page ahead, and a page whose link comes after `value` is still followed.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PAGES = 6;
const PER_PAGE = 3;

type Log = { page: number; at: number; outstanding: number; bodyPendingOf: number[] };

let server: Server;
let base: string;
let mod: typeof import('./graph-users');
let upstreamMod: typeof import('@/lib/http/upstream');
/** How the stand-in writes a page: the annotations first (as Graph does) or after `value`. */
let order: 'link-first' | 'link-last' = 'link-first';
/** How long the stand-in holds back the rest of a page after its head, unless the next page is asked for first. */
let tailDelayMs = 150;
let log: Log[] = [];
const pending = new Set<number>();
const release = new Map<number, () => void>();
let outstanding = 0;

function users(page: number) {
  return Array.from({ length: PER_PAGE }, (_, i) => ({ id: `u${page}-${i}`, userPrincipalName: `user${page}.${i}@contoso.com`, accountEnabled: true, userType: 'Member' }));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.endsWith('/missing')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist.', innerError: { 'request-id': 'r', date: '2026-11-26T14:00:00' } } }));
      return;
    }
    const page = Number(url.searchParams.get('$skiptoken') ?? '1');
    outstanding += 1;
    log.push({ page, at: performance.now(), outstanding, bodyPendingOf: [...pending] });
    res.on('close', () => (outstanding -= 1));
    const next = page < PAGES ? `"@odata.nextLink":"${base}/v1.0/users?$top=999&$skiptoken=${page + 1}",` : '';
    const value = JSON.stringify(users(page));
    res.writeHead(200, { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8' });
    const head = `{"@odata.context":"${base}/v1.0/$metadata#users(id,userPrincipalName,accountEnabled,userType)",${order === 'link-first' ? next : ''}"value":`;
    // Padding makes the head larger than the window upstream() hands to onBodyStart, as a real page is.
    const pad = ' '.repeat(8192);
    pending.add(page);
    res.write(head + pad);
    // The rest of the page goes out when the next page is asked for, or after tailDelayMs at the latest.
    const finish = () => {
      if (!pending.delete(page)) return;
      clearTimeout(timer);
      res.end(order === 'link-first' || !next ? `${value}}` : `${value},${next.replace(/,$/, '')}}`);
    };
    const timer = setTimeout(finish, tailDelayMs);
    release.set(page, finish);
    release.get(page - 1)?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.GRAPH_API_URL = base;
  process.env.LOG_LEVEL = 'silent';
  process.env.UPSTREAM_TIMEOUT_MS = '5000';
  [mod, upstreamMod] = await Promise.all([import('./graph-users'), import('@/lib/http/upstream')]);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function run() {
  log = [];
  const gen = mod.analyseUsers({
    session: { graphUrl: 'https://graph.microsoft.com', accessToken: 'not-a-real-token' },
    select: ['id', 'userPrincipalName', 'accountEnabled', 'userType'],
    mapped: ['userPrincipalName'],
    signal: new AbortController().signal,
  });
  let r = await gen.next();
  while (!r.done) r = await gen.next();
  return r.value;
}

describe('reading ahead', () => {
  it('asks for the next page while the current one is still downloading, one page ahead at most', async () => {
    order = 'link-first';
    tailDelayMs = 1000;
    const started = performance.now();
    const outcome = await run();
    const wall = performance.now() - started;
    expect(outcome.ok).toBe(true);
    expect(outcome.pages).toBe(PAGES);
    expect(outcome.ok && outcome.totals.total).toBe(PAGES * PER_PAGE);
    expect(log.map((l) => l.page)).toEqual([1, 2, 3, 4, 5, 6]);
    // Page n+1 was asked for while page n's body was still held back by the stand-in.
    for (const l of log.slice(1)) expect(l.bodyPendingOf).toContain(l.page - 1);
    expect(Math.max(...log.map((l) => l.outstanding))).toBeLessThanOrEqual(2);
    // Each page's tail waited for the next request, not for its 1 s timer (only the last page's did).
    // (Sequentially, each of the six pages would wait out its 1 s timer.)
    expect(wall).toBeLessThan(4 * tailDelayMs);
  });

  it('follows a link written after value once the page is whole', async () => {
    order = 'link-last';
    tailDelayMs = 20;
    const outcome = await run();
    expect(outcome.ok).toBe(true);
    expect(outcome.pages).toBe(PAGES);
    expect(log.map((l) => l.page)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const l of log.slice(1)) expect(l.bodyPendingOf).not.toContain(l.page - 1);
  });
});

describe('upstream onBodyStart', () => {
  it('hands over the first kilobytes of a 2xx body once, before the rest has arrived', async () => {
    order = 'link-first';
    tailDelayMs = 500;
    const heads: { head: string; tailPending: boolean }[] = [];
    const res = await upstreamMod.upstream({
      method: 'GET',
      url: `https://graph.microsoft.com/v1.0/users?$skiptoken=2`,
      purpose: 'test',
      onBodyStart: (head) => heads.push({ head, tailPending: pending.has(2) }),
    });
    expect(res.ok).toBe(true);
    expect(heads).toHaveLength(1);
    expect(heads[0]!.head.length).toBe(upstreamMod.BODY_HEAD_BYTES);
    expect(heads[0]!.head).toContain('$skiptoken=3');
    expect(heads[0]!.tailPending).toBe(true);
    expect(res.ok && res.text.endsWith('}')).toBe(true);
  });

  it('is not called for an error answer', async () => {
    const heads: string[] = [];
    const res = await upstreamMod.upstream({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/missing', purpose: 'test', onBodyStart: (h) => heads.push(h) });
    expect(res.ok && res.status).toBe(404);
    expect(heads).toEqual([]);
  });
});
