import { NextResponse, type NextRequest } from 'next/server';
import { REMEMBERED_COOKIE, mayRemember, rememberedCookieOptions, withRemembered } from '@/lib/setups/remembered';
import { contentSecurityPolicy, isHttps, securityHeaders } from '@/lib/security/headers';
import { approvalLinks, linkGate, shareLinks } from '@/lib/shares/gate';
import { signinCspSources } from '@/lib/signin/config';

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) if (!res.headers.has(k)) res.headers.set(k, v);
  return res;
}

/**
 * Runs before every page: security headers and a per-request CSP nonce, the share-link gate, and
 * remembering the setups this browser opens. API routes skip it (see the matcher): their CSRF check and
 * headers are in lib/api/http.ts, which costs a validation a millisecond less.
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const https = isHttps(request.headers, request.nextUrl);

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, { connect: signinCspSources() }, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const headers = { ...securityHeaders({ https, page: true, path: pathname }), 'content-security-policy': csp };

  if (pathname.startsWith('/s/')) return withHeaders(await linkGate(request, requestHeaders, shareLinks), headers);
  if (pathname.startsWith('/a/')) return withHeaders(await linkGate(request, requestHeaders, approvalLinks), headers);

  const res = NextResponse.next({ request: { headers: requestHeaders } });
  const id = pathname.split('/')[2];
  // Page loads only: the router's own fetches (rsc) follow a page that was already remembered, and would put a
  // just-deleted setup back while the browser leaves its page.
  if (pathname.startsWith('/setups/') && id && !request.headers.has('rsc') && mayRemember(request.headers)) {
    const cookie = withRemembered(request.cookies.get(REMEMBERED_COOKIE)?.value, id);
    if (cookie) res.cookies.set(REMEMBERED_COOKIE, cookie, rememberedCookieOptions(https));
  }
  return withHeaders(res, headers);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/).*)'],
};
