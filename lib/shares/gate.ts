import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/lib/db/connection';
import { isDatabaseUnavailable } from '@/lib/db/errors';
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

/**
 * Answers /s/{token} before the page renders: 404 for unknown tokens, 410 for expired or revoked links
 * (saying which), and lets valid ones through to the read-only summary, noting when they were opened.
 */
export async function shareGate(request: NextRequest, requestHeaders: Headers): Promise<Response> {
  const started = performance.now();
  const token = request.nextUrl.pathname.split('/')[2] ?? '';
  const now = nowFor(request.headers);
  let found: ShareLookup;
  try {
    const db = await getDb();
    const allowed = await shareLookupAllowed(db, request.headers);
    if (!allowed.ok) {
      const res = plainPage(429, 'Too many requests', `Too many share links were opened from your address. Try again in ${allowed.retryAfter} seconds.`);
      res.headers.set('retry-after', String(allowed.retryAfter));
      return res;
    }
    found = await lookupShare(db, token, now);
    if (found.state === 'active') await markShareOpened(db, found.share.id, now);
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
      return plainPage(410, 'This link has expired', `This share link expired on ${new Date(found.share.expiresAt).toUTCString()}. Ask the person who shared it for a new one.`);
    case 'retired':
      return plainPage(410, 'This link has expired', 'This share link no longer works. Ask the person who shared it for a new one.');
    case 'revoked':
      return plainPage(410, 'This link was revoked', 'The person who shared this summary revoked the link. Ask them for a new one if you still need it.');
    case 'unknown':
      return plainPage(404, 'Link not found', 'There is no shared summary at this address. Check that the link was copied completely.');
  }
}
