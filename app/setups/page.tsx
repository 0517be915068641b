import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { AdminLogin } from '@/components/status/admin-login';
import { StatusTable } from '@/components/status/status-table';
import { ADMIN_COOKIE, adminToken, isAdminSession } from '@/lib/admin';
import { getDb } from '@/lib/db/connection';
import { latestRunsForMany } from '@/lib/db/runs';
import { listAllSetups, listSetups } from '@/lib/db/setups';
import { channelCounts } from '@/lib/notify/channels';
import { REMEMBERED_COOKIE, parseRemembered } from '@/lib/setups/remembered';
import { setupStatus } from '@/lib/status/status';
import { nowFor } from '@/lib/time/clock';

export const metadata: Metadata = { title: 'Setups', robots: { index: false } };

export default async function SetupsPage({ searchParams }: PageProps<'/setups'>) {
  const all = 'all' in (await searchParams);
  const jar = await cookies();
  const now = nowFor(await headers());
  const db = await getDb();
  const admin = all && isAdminSession(jar.get(ADMIN_COOKIE)?.value);
  if (all && !admin) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">All setups on this server</h1>
        {adminToken() ? <AdminLogin /> : <p>This server has no ADMIN_TOKEN configured, so only the setups this browser opened are listed at /setups.</p>}
      </div>
    );
  }
  const setups = admin ? await listAllSetups(db) : await listSetups(db, parseRemembered(jar.get(REMEMBERED_COOKIE)?.value));
  const [runs, channels] = await Promise.all([latestRunsForMany(db, setups.map((s) => s.id)), channelCounts(db, setups.map((s) => s.id))]);
  const rows = setups.map((s) => setupStatus(s, runs.get(s.id) ?? {}, now));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{admin ? 'All setups on this server' : 'Your setups'}</h1>
      <p className="text-sm text-slate-800 dark:text-slate-200">
        {admin
          ? 'The operator view: every setup this server holds.'
          : 'The setups this browser created or opened. A setup’s address is its key: anyone with it can open the setup, so share summaries with a share link instead.'}
      </p>
      <StatusTable rows={rows} caption={admin ? 'All setups' : 'Setups of this browser'} noChannel={setups.filter((s) => !channels.has(s.id)).map((s) => s.id)} />
    </div>
  );
}
