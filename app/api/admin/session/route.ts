import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { ADMIN_COOKIE, ADMIN_SESSION_SECONDS, adminToken, isAdminToken, newAdminSession } from '@/lib/admin';
import { ApiError } from '@/lib/api/errors';
import { handle, readJson } from '@/lib/api/http';
import { getDb } from '@/lib/db/connection';
import { limitAdminLogin } from '@/lib/security/guards';
import { isHttps } from '@/lib/security/headers';

const bodySchema = z.object({ token: z.string({ error: 'must be a string' }).min(1, 'is required').max(512, 'at most 512 characters') }).strict();

/** Exchanges ADMIN_TOKEN for an HttpOnly session cookie that lists every setup on this server. */
export const POST = handle(async (request: NextRequest) => {
  if (!adminToken()) throw new ApiError('not_found:admin', 'This server has no ADMIN_TOKEN configured.');
  const { token } = await readJson(request, bodySchema);
  await limitAdminLogin(await getDb(), request.headers);
  if (!isAdminToken(token)) throw new ApiError('unauthorized:admin', 'That is not the admin token.');
  const res = NextResponse.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
  res.cookies.set(ADMIN_COOKIE, newAdminSession(token), {
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(request.headers, request.nextUrl),
    path: '/',
    maxAge: ADMIN_SESSION_SECONDS,
  });
  return res;
});

export const DELETE = handle(async () => {
  const res = new NextResponse(null, { status: 204 });
  res.cookies.delete(ADMIN_COOKIE);
  return res;
});
