import 'server-only';
import { cookies } from 'next/headers';
import { currentViewer, signInRequired } from '@/lib/auth/session';
import type { Db } from '@/lib/db/connection';
import { listSetups, listSetupsOfTenant } from '@/lib/db/setups';
import { REMEMBERED_COOKIE, parseRemembered } from './remembered';
import type { Setup } from './schema';

/**
 * "Your setups": with sign-in, those of the signed-in user's organisation; without, those this browser
 * created or opened (the wizard_setups cookie).
 */
export async function visibleSetups(db: Db): Promise<Setup[]> {
  if (signInRequired()) {
    const { viewer } = await currentViewer();
    return viewer.kind === 'user' ? listSetupsOfTenant(db, viewer.tid) : [];
  }
  return listSetups(db, parseRemembered((await cookies()).get(REMEMBERED_COOKIE)?.value));
}
