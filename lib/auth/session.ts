import 'server-only';
import { cookies } from 'next/headers';
import { ADMIN_COOKIE, isAdminSession } from '@/lib/admin';
import { getDb } from '@/lib/db/connection';
import { findSession, type WizardSession } from '@/lib/db/sessions';
import { env } from '@/lib/env';
import type { Viewer } from './access';

/** The sign-in session's cookie: an opaque random value; the store keeps its hash and who signed in. */
export const SESSION_COOKIE = 'wizard_session';

/** WIZARD_AUTH=entra: every setup route and page asks who is there. Otherwise a setup's address is its key. */
export function signInRequired(): boolean {
  return env().WIZARD_AUTH === 'entra';
}

export type RequestViewer = { viewer: Viewer; session?: WizardSession };

// One store lookup per request, however many guards and event writes ask (keyed by the request's cookie jar).
const perRequest = new WeakMap<object, Promise<RequestViewer>>();

/** Who sent the request being handled (route handler, page or server action); reads the cookies itself. */
export async function currentViewer(): Promise<RequestViewer> {
  const jar = await cookies();
  let found = perRequest.get(jar);
  if (!found) {
    found = (async (): Promise<RequestViewer> => {
      if (isAdminSession(jar.get(ADMIN_COOKIE)?.value)) return { viewer: { kind: 'operator' } };
      const session = await findSession(await getDb(), jar.get(SESSION_COOKIE)?.value);
      return session ? { viewer: { kind: 'user', tid: session.tid, roles: session.roles }, session } : { viewer: { kind: 'anonymous' } };
    })();
    perRequest.set(jar, found);
  }
  return found;
}

export type Actor = { name: string; upn: string };

/** Who to name in a setup's event log: the signed-in user, the operator, or nobody (no sign-in, or no request). */
export async function currentActor(): Promise<Actor | undefined> {
  if (!signInRequired()) return undefined;
  try {
    const { viewer, session } = await currentViewer();
    if (session) return { name: session.name, upn: session.upn };
    return viewer.kind === 'operator' ? { name: 'Operator (ADMIN_TOKEN)', upn: '' } : undefined;
  } catch {
    // Outside a request (a scheduled job): no one to name.
    return undefined;
  }
}
