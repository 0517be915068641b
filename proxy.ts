import { NextResponse, type NextRequest } from 'next/server';
import { REMEMBERED_COOKIE, rememberedCookieOptions, withRemembered } from '@/lib/setups/remembered';
import { shareGate } from '@/lib/shares/gate';

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/s/')) return shareGate(request);

  // Remember, in this browser, every setup whose pages it opens (the home page and /setups list them).
  const res = NextResponse.next();
  const id = pathname.split('/')[2];
  if (pathname.startsWith('/setups/') && id) {
    const cookie = withRemembered(request.cookies.get(REMEMBERED_COOKIE)?.value, id);
    if (cookie) res.cookies.set(REMEMBERED_COOKIE, cookie, rememberedCookieOptions);
  }
  return res;
}

export const config = {
  matcher: ['/setups/:id/:path*', '/s/:token*'],
};
