import Link from 'next/link';
import { redirect } from 'next/navigation';
import { StatusBadge } from '@/components/ui/status-badge';
import { NewSetupButton } from '@/components/wizard/new-setup-button';
import { getDb } from '@/lib/db/connection';
import { latestRunsForMany } from '@/lib/db/runs';
import { visibleSetups } from '@/lib/setups/visible';
import { currentViewer, signInRequired } from '@/lib/auth/session';
import { steps } from '@/lib/steps/registry';

export default async function HomePage() {
  if (signInRequired() && (await currentViewer()).viewer.kind === 'anonymous') redirect('/signin');
  const db = await getDb();
  const setups = await visibleSetups(db);
  const runs = await latestRunsForMany(
    db,
    setups.map((s) => s.id),
  );
  const withRuns = setups.map((s) => ({ setup: s, latest: runs.get(s.id) ?? {} }));
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
          Resume a setup
        </h2>
        {withRuns.length === 0 ? (
          <p className="text-sm text-slate-800 dark:text-slate-200">Setups you create or open in this browser are listed here.</p>
        ) : (
          <ul className="space-y-2">
            {withRuns.map(({ setup, latest }) => (
              <li key={setup.id} className="rounded-lg border border-slate-300 p-3 dark:border-slate-700">
                <Link href={`/setups/${setup.id}`} className="font-semibold text-brand-700 underline dark:text-brand-100">
                  {setup.name || setup.tenant || 'Untitled setup'}
                </Link>
                <span className="ml-2 text-xs text-slate-700 dark:text-slate-300">updated {new Date(setup.updatedAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</span>
                <ul className="mt-2 flex flex-wrap gap-2" aria-label="Step results">
                  {steps.map((s) => (
                    <li key={s.id} className="flex items-center gap-1 text-xs">
                      {s.number}. {s.navTitle}: <StatusBadge status={latest[s.id]?.status ?? 'none'} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
