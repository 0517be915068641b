import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { latestRuns } from '@/lib/db/runs';
import { accessSetup, type Need } from './require';

/**
 * The page side of the access guard: a setup and its latest runs, cached per request. Unknown, malformed or
 * another organisation's → the not-found page; not signed in (WIZARD_AUTH=entra) → the sign-in page, back
 * here afterwards; a reader on a page that changes the setup → its status page.
 */
export const loadSetupPage = cache(async (id: string, need: Need = 'manage') => {
  const access = await accessSetup(id, need);
  if (!('setup' in access)) {
    if (access.refused === 'sign-in') redirect(`/signin?next=${encodeURIComponent(`/setups/${id}`)}`);
    if (access.refused === 'read-only') redirect(`/setups/${id}/status`);
    notFound();
  }
  return { setup: access.setup, latest: await latestRuns(access.db, id) };
});

/** Whether this request may change the setup (to offer or hide the controls that would be refused). */
export async function mayManage(id: string): Promise<boolean> {
  return 'setup' in (await accessSetup(id, 'manage'));
}
