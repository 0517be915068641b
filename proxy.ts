import { NextResponse, type NextRequest } from 'next/server';
import { REMEMBERED_COOKIE, rememberedCookieOptions, withRemembered } from '@/lib/setups/remembered';

/** Remembers, in this browser, every setup whose pages it opens (the home page lists them). */
export function proxy(request: NextRequest) {
  const res = NextResponse.next();
  const id = request.nextUrl.pathname.split('/')[2];
  if (id) {
    const cookie = withRemembered(request.cookies.get(REMEMBERED_COOKIE)?.value, id);
    if (cookie) res.cookies.set(REMEMBERED_COOKIE, cookie, rememberedCookieOptions);
  }
  return res;
}

export const config = {
  matcher: '/setups/:id/:path*',
};
