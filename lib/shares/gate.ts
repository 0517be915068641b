import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/lib/db/connection';
import { isDatabaseUnavailable } from '@/lib/db/errors';
import { lookupApproval, markApprovalOpened } from '@/lib/db/approvals';
import { lookupShare, markShareOpened, type ShareLookup } from '@/lib/db/shares';
import { shareLookupAllowed } from '@/lib/security/guards';
import { nowFor } from '@/lib/time/clock';

/** Every share lookup answers no sooner than this, valid or not, so timing tells nothing about tokens. */
export const SHARE_FLOOR_MS = 250;

export const shareHeaders: Record<string, string> = {
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'cache-control': 'no-store',
};

function plainPage(status: 404 | 410 | 429 | 503, title: string, message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5"><h1>${title}</h1><p>${message}</p></body></html>`;
  return new Response(html, { status, headers: { ...shareHeaders, 'content-type': 'text/html; charset=utf-8' } });
}

type Found = { state: 'unknown' | 'retired' } | { state: 'active' | 'expired' | 'revoked'; id: string; expiresAt: string };

export type LinkKind = {
  /** Looks the token up; an active link is marked as opened. */
  lookup(db: Awaited<ReturnType<typeof getDb>>, token: string, now: Date): Promise<Found>;
  markOpened(db: Awaited<ReturnType<typeof getDb>>, id: string, now: Date): Promise<void>;
  what: string;
  expired: (expiresAt: string) => string;
  revoked: string;
  /** The link of a setup deleted since: it answers as expired. */
  retired: string;
  unknown: string;
};

/**
 * Answers a capability link (/s/{token}, /a/{token}) before the page renders: 404 for unknown tokens, 410 for
 * expired or revoked links (saying which), and lets valid ones through, noting when they were opened. Every
 * answer takes at least SHARE_FLOOR_MS, so timing tells nothing about tokens.
 */
export async function linkGate(request: NextRequest, requestHeaders: Headers, kind: LinkKind): Promise<Response> {
  const started = performance.now();
  const token = request.nextUrl.pathname.split('/')[2] ?? '';
  const now = nowFor(request.headers);
  let found: Found;
  try {
    const db = await getDb();
    const allowed = await shareLookupAllowed(db, request.headers);
    if (!allowed.ok) {
      const res = plainPage(429, 'Too many requests', `Too many ${kind.what}s were opened from your address. Try again in ${allowed.retryAfter} seconds.`);
      res.headers.set('retry-after', String(allowed.retryAfter));
      return res;
    }
    found = await kind.lookup(db, token, now);
    if (found.state === 'active') await kind.markOpened(db, found.id, now);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    const res = plainPage(503, 'Service unavailable', 'The wizard cannot reach its database right now. Try this link again in a minute.');
    res.headers.set('retry-after', '5');
    return res;
  }
  const wait = SHARE_FLOOR_MS - (performance.now() - started);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  switch (found.state) {
    case 'active': {
      const res = NextResponse.next({ request: { headers: requestHeaders } });
      for (const [k, v] of Object.entries(shareHeaders)) res.headers.set(k, v);
      return res;
    }
    case 'expired':
      return plainPage(410, 'This link has expired', kind.expired(found.expiresAt));
    case 'retired':
      return plainPage(410, 'This link has expired', kind.retired);
    case 'revoked':
      return plainPage(410, 'This link was revoked', kind.revoked);
    case 'unknown':
      return plainPage(404, 'Link not found', kind.unknown);
  }
}

export const shareLinks: LinkKind = {
  async lookup(db, token, now) {
    const f: ShareLookup = await lookupShare(db, token, now);
    return 'share' in f ? { state: f.state, id: f.share.id, expiresAt: f.share.expiresAt } : f;
  },
  markOpened: markShareOpened,
  what: 'share link',
  expired: (at) => `This share link expired on ${new Date(at).toUTCString()}. Ask the person who shared it for a new one.`,
  revoked: 'The person who shared this summary revoked the link. Ask them for a new one if you still need it.',
  retired: 'This share link no longer works. Ask the person who shared it for a new one.',
  unknown: 'There is no shared summary at this address. Check that the link was copied completely.',
};

export const approvalLinks: LinkKind = {
  async lookup(db, token, now) {
    const f = await lookupApproval(db, token, now);
    return f.state === 'unknown' ? f : { state: f.state, id: f.approval.id, expiresAt: f.approval.expiresAt };
  },
  markOpened: markApprovalOpened,
  what: 'approval link',
  expired: (at) => `This approval link expired on ${new Date(at).toUTCString()}. Ask the person who sent it for a new one.`,
  revoked: 'The person who asked for your approval revoked this link. Ask them for a new one if you still need it.',
  retired: 'This approval link no longer works. Ask the person who sent it for a new one.',
  unknown: 'There is no approval request at this address. Check that the link was copied completely.',
};
