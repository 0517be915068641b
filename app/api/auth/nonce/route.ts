import type { NextRequest } from 'next/server';
import { handle, json } from '@/lib/api/http';
import { wizardSigninApp } from '@/lib/auth/signin';
import { signInRequired } from '@/lib/auth/session';
import { ApiError } from '@/lib/api/errors';
import { getDb } from '@/lib/db/connection';
import { createNonce } from '@/lib/db/sessions';
import { limitSignIn } from '@/lib/security/guards';

/** A fresh nonce for one sign-in, and the sign-in app the browser signs in to. */
export const POST = handle(async (request: NextRequest) => {
  if (!signInRequired()) throw new ApiError('not_found:signin', 'Sign-in to the wizard is off on this server (WIZARD_AUTH is not entra).');
  const db = await getDb();
  await limitSignIn(db, request.headers);
  return json({ nonce: await createNonce(db), ...wizardSigninApp() });
});
