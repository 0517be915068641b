import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { OverviewTable } from '@/components/overview/overview-table';
import { NewSetupButton } from '@/components/wizard/new-setup-button';
import { ADMIN_COOKIE, isAdminSession } from '@/lib/admin';
import { getDb } from '@/lib/db/connection';
import { currentViewer, signInRequired } from '@/lib/auth/session';
import { listAllSetups } from '@/lib/db/setups';
import { overviewRows } from '@/lib/monitor/overview';
import { visibleSetups } from '@/lib/setups/visible';
import { nowFor } from '@/lib/time/clock';

export default async function HomePage() {
  if (signInRequired() && (await currentViewer()).viewer.kind === 'anonymous') redirect('/signin');
  const jar = await cookies();
  const operator = isAdminSession(jar.get(ADMIN_COOKIE)?.value);
  const db = await getDb();
  const setups = operator ? await listAllSetups(db) : await visibleSetups(db);
  const rows = await overviewRows(db, setups, nowFor(await headers()));
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-3xl font-bold">Connect Nexthink to Microsoft Entra ID — and prove it works</h1>
        <p className="max-w-3xl text-base text-slate-800 dark:text-slate-200">
          Four steps: register the app, create its client secret, enter the credentials in Nexthink, and map the user fields. After each step the wizard checks your real
          tenant live — the tenant, the app, the secret, the permissions Entra ID actually grants, and the users Nexthink will import — and says in plain words what to fix.
        </p>
        <ul className="max-w-3xl list-disc space-y-1 pl-5 text-sm text-slate-800 dark:text-slate-200">
          <li>Your client secret stays in your browser tab&apos;s memory and is only used to run the checks. It is never stored.</li>
          <li>You get the exact values to type into Nexthink, each with a copy button.</li>
        </ul>
        <NewSetupButton />
      </section>
      <section aria-labelledby="resume-heading" className="space-y-3">
        <h2 id="resume-heading" className="text-xl font-semibold">
          {operator ? 'Every setup on this server' : 'Your setups'}
        </h2>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-800 dark:text-slate-200">
            {signInRequired() ? 'Setups of your organisation are listed here.' : 'Setups you create or open in this browser are listed here.'}
          </p>
        ) : (
          <OverviewTable rows={rows} caption={operator ? 'Every setup on this server, worst first' : signInRequired() ? 'Setups of your organisation, worst first' : 'Setups of this browser, worst first'} />
        )}
      </section>
    </div>
  );
}
