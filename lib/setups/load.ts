import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/lib/db/connection';
import { latestRuns } from '@/lib/db/runs';
import { getSetup } from '@/lib/db/setups';
import { setupIdSchema } from './schema';

/** A setup and its latest runs for a page; 404 for unknown or malformed ids. Cached per request. */
export const loadSetupPage = cache(async (id: string) => {
  if (!setupIdSchema.safeParse(id).success) notFound();
  const db = await getDb();
  const setup = await getSetup(db, id);
  if (!setup) notFound();
  return { setup, latest: await latestRuns(db, id) };
});
