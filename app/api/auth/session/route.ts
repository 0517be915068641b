import { NextResponse, type NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { handle, json, readJson } from '@/lib/api/http';
import { SESSION_COOKIE, currentViewer, signInRequired } from '@/lib/auth/session';
import { signInWithIdToken } from '@/lib/auth/signin';
import { getDb } from '@/lib/db/connection';
import { SESSION_SECONDS, endSession } from '@/lib/db/sessions';
import { limitSignIn } from '@/lib/security/guards';
import { isHttps } from '@/lib/security/headers';
import { signInBodySchema } from './schema';

function requireSignInMode() {
  if (!signInRequired()) throw new ApiError('not_found:signin', 'Sign-in to the wizard is off on this server (WIZARD_AUTH is not entra).');
}

/** Who is signed in (never the session's value). */
export const GET = handle(async () => {
  requireSignInMode();
  const { session } = await currentViewer();
  if (!session) throw new ApiError('unauthorized:session', 'Not signed in.');
  return json({ name: session.name, upn: session.upn, tid: session.tid, roles: session.roles, expiresAt: session.expiresAt });
});

/** Exchanges the ID token (sent once, with the server's nonce) for a server-side session. */
export const POST = handle(async (request: NextRequest) => {
  requireSignInMode();
  const { idToken } = await readJson(request, signInBodySchema);
  const db = await getDb();
  await limitSignIn(db, request.headers);
  const { token, user } = await signInWithIdToken(db, idToken);
  const res = NextResponse.json({ name: user.name, upn: user.upn, tid: user.tid, roles: user.roles }, { headers: { 'cache-control': 'no-store' } });
  res.cookies.set(SESSION_COOKIE, token, { httpOnly: true, secure: isHttps(request.headers, request.nextUrl), sameSite: 'lax', path: '/', maxAge: SESSION_SECONDS });
  return res;
});

/** Signs out: the session ends in the store, so a copied cookie stops working on every instance. */
export const DELETE = handle(async (request: NextRequest) => {
  await endSession(await getDb(), request.cookies.get(SESSION_COOKIE)?.value);
  const res = new NextResponse(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  res.cookies.set(SESSION_COOKIE, '', { httpOnly: true, secure: isHttps(request.headers, request.nextUrl), sameSite: 'lax', path: '/', maxAge: 0 });
  return res;
});
