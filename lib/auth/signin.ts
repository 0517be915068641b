import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Db } from '@/lib/db/connection';
import { consumeNonce, createSession } from '@/lib/db/sessions';
import { getCloud } from '@/lib/entra/clouds';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { signinConfig } from '@/lib/signin/config';
import { IdTokenError, verifyIdToken, type WizardUser } from './id-token';

/**
 * The sign-in app the wizard's own sign-in uses: the one of WIZARD_AUTH_CLOUD (Global unless said; lib/env.ts
 * requires it with WIZARD_AUTH=entra). An organisation in the US Government or China cloud signs in there, with
 * an app registered in that cloud.
 */
export function wizardSigninApp() {
  const cloud = env().WIZARD_AUTH_CLOUD;
  const app = signinConfig()?.clouds[cloud];
  if (!app) throw new ApiError('not_found:signin', `This server has no sign-in app for the ${getCloud(cloud).label} cloud (WIZARD_AUTH_CLOUD=${cloud}).`);
  return { clientId: app.clientId, authorityOrigin: app.authorityOrigin, knownAuthorities: app.knownAuthorities };
}

/**
 * Opens a session for the ID token the browser sends once: verified (signature, issuer, audience, lifetime),
 * then its nonce taken — a nonce this server issued, used at most once. Nothing is stored on any refusal.
 */
export async function signInWithIdToken(db: Db, idToken: string, now = new Date()): Promise<{ token: string; user: WizardUser }> {
  const app = wizardSigninApp();
  let user: WizardUser;
  try {
    // The keys are read from the cloud's public login host, through the HTTP layer (which applies its overrides).
    user = await verifyIdToken(idToken, { clientId: app.clientId, authorityOrigin: app.authorityOrigin, keysOrigin: getCloud(env().WIZARD_AUTH_CLOUD).loginUrl, now });
  } catch (err) {
    if (err instanceof IdTokenError) {
      log.warn('signin.refused', { reason: err.message });
      throw new ApiError('unauthorized:id_token', err.message);
    }
    throw err;
  }
  if (!(await consumeNonce(db, user.nonce, now))) {
    log.warn('signin.refused', { reason: 'nonce' });
    throw new ApiError('unauthorized:nonce', 'This sign-in was already used or is too old (its nonce is not one this server is waiting for). Sign in again.');
  }
  const token = await createSession(db, { tid: user.tid, oid: user.oid, upn: user.upn, name: user.name, roles: user.roles }, now);
  log.info('signin.session', { tid: user.tid });
  return { token, user };
}
