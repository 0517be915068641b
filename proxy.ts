import { NextResponse, type NextRequest } from 'next/server';
import { REMEMBERED_COOKIE, rememberedCookieOptions, withRemembered } from '@/lib/setups/remembered';
import { contentSecurityPolicy, crossSiteReason, securityHeaders } from '@/lib/security/headers';
import { shareGate } from '@/lib/shares/gate';
import { signinCspSources } from '@/lib/signin/config';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function ownOrigins(request: NextRequest): string[] {
  const proto = request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(':', '');
  const hosts = [request.headers.get('x-forwarded-host'), request.headers.get('host')].filter((h): h is string => !!h);
  const origins = hosts.map((h) => `${proto}://${h}`);
  if (process.env.PUBLIC_URL) origins.push(new URL(process.env.PUBLIC_URL).origin);
  return origins;
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) if (!res.headers.has(k)) res.headers.set(k, v);
  return res;
}

/**
 * Runs before every route: security headers and a per-request CSP nonce for pages, the CSRF check for
 * mutating API calls, the share-link gate, and remembering the setups this browser opens.
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const https = (request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(':', '')) === 'https';

  if (pathname.startsWith('/api/')) {
    const headers = securityHeaders({ https, page: false, path: pathname });
    if (MUTATING.has(request.method)) {
      const reason = crossSiteReason(request.headers, ownOrigins(request));
      if (reason) {
        return withHeaders(
          NextResponse.json({ error: { code: 'forbidden:cross_site', message: `Cross-site requests are refused (${reason}).` } }, { status: 403 }),
          headers,
        );
      }
    }
    return withHeaders(NextResponse.next(), headers);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, { connect: signinCspSources() }, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const headers = { ...securityHeaders({ https, page: true, path: pathname }), 'content-security-policy': csp };

  if (pathname.startsWith('/s/')) return withHeaders(await shareGate(request, requestHeaders), headers);

  const res = NextResponse.next({ request: { headers: requestHeaders } });
  const id = pathname.split('/')[2];
  if (pathname.startsWith('/setups/') && id) {
    const cookie = withRemembered(request.cookies.get(REMEMBERED_COOKIE)?.value, id);
    if (cookie) res.cookies.set(REMEMBERED_COOKIE, cookie, rememberedCookieOptions);
  }
  return withHeaders(res, headers);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
